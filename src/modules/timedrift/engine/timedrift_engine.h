// The timedrift module's engine: the local clock against NTP (spec/modules/
// timedrift.md). The NTP client is plain UDP; the server list comes from
// /etc/ntp.conf (and chrony's config) with MIG's public fall-backs. Only
// mig-agent links it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/documents.h"
#include "modules/timedrift/params.h"

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

// Validated parameters and their drift in nanoseconds.
ModuleResult RunTimedrift(const Parameters& params, int64_t drift_ns, const NtpOptions& options);
// Decodes and validates first, as the module's Run does.
ModuleResult RunTimedrift(const Json& parameters, const NtpOptions& options);

// "2015-03-14T13:26:27.441740604-04:00" in the host's zone ("Z" for UTC).
std::string FormatRfc3339Local(int64_t unix_ns);

}  // namespace mig::modules::timedrift
