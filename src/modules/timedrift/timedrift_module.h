// The timedrift module: the local clock against NTP (spec/modules/
// timedrift.md). The NTP client is plain UDP; the server list comes from
// /etc/ntp.conf (and chrony's config) with MIG's public fall-backs.
#pragma once

#include <string>
#include <vector>

#include "modules/module.h"

namespace mig::modules::timedrift {

// Where servers come from; tests point these at a local responder.
struct NtpOptions {
  std::vector<std::string> config_files = {"/etc/ntp.conf", "/etc/chrony.conf",
                                           "/etc/chrony/chrony.conf"};
  std::vector<std::string> fallback_servers = {"time.nist.gov", "0.pool.ntp.org", "1.pool.ntp.org",
                                               "2.pool.ntp.org", "3.pool.ntp.org"};
  int port = 123;
  int timeout_ms = 5000;
};

// Servers in order: `server`/`pool` lines of each readable config file,
// then the fall-backs. Unreadable files other than missing ones add a note
// to notes.
std::vector<std::string> NtpServers(const NtpOptions& options, std::vector<std::string>* notes);

ModuleResult RunTimedrift(const Json& parameters, const NtpOptions& options);

// "2015-03-14T13:26:27.441740604-04:00" in the host's zone ("Z" for UTC).
std::string FormatRfc3339Local(int64_t unix_ns);

std::vector<std::string> PrintTimedriftResult(const ModuleResult& result, bool found_only);

class TimedriftModule : public Module {
 public:
  std::string_view Name() const override { return "timedrift"; }
  ModuleResult Run(const Json& parameters) override;
  std::vector<std::string> Print(const ModuleResult& result, bool found_only) const override;
  Result<Json> ParametersFromArgs(const std::vector<std::string>& args) const override;
  std::string Usage() const override;
};

}  // namespace mig::modules::timedrift
