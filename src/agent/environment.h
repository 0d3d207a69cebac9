// What the agent tells the platform about its host (components.md 3.8):
// hostname, OS identification, init system, architecture, interface
// addresses. Detection never fails: unknown facts are left empty.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "core/documents.h"

namespace mig::agent {

struct HostFacts {
  std::string hostname;
  Environment environment;
};

// Reads the local machine. modules fills environment.modules.
HostFacts DetectHost(const std::vector<std::string>& modules);

// Pieces of detection, exposed for tests.
std::string InitSystemFromCmdline(const std::string& proc1_cmdline,
                                  const std::string& sbin_init_target);
std::string IdentFromOsRelease(const std::string& os_release_text);
std::string GoArch();
std::vector<std::string> InterfaceAddresses();  // CIDR, loopback excluded

// True when refresh-relevant facts differ (components.md 3.8 "Refresh").
bool HostChanged(const HostFacts& a, const HostFacts& b);

// The facts the agent reports and when they last changed ([agent]
// refreshenv). Refresh() detects again; when HostChanged, the new facts are
// kept with the time they were seen, and the next heartbeat carries both
// (its "environment" and "refreshts"). Thread-safe: the heartbeat reads
// while a refresh thread writes.
class HostEnvironment {
 public:
  // Detects the host; previous is what the agent reports now (for facts it
  // keeps when they cannot be learnt again, e.g. the public IP).
  using Detector = std::function<HostFacts(const HostFacts& previous)>;

  HostEnvironment(HostFacts initial, Time detected_at, Detector detect)
      : facts_(std::move(initial)), refresh_time_(detected_at), detect_(std::move(detect)) {}

  struct Snapshot {
    HostFacts facts;
    Time refresh_time;
  };
  Snapshot Current() const;

  // Detects again (outside the lock); true when the facts changed.
  bool Refresh();

 private:
  mutable std::mutex mu_;
  HostFacts facts_;
  Time refresh_time_;
  Detector detect_;
};

}  // namespace mig::agent
