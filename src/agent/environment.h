// What the agent tells the platform about its host (components.md 3.8):
// hostname, OS identification, init system, architecture, interface
// addresses. Detection never fails: unknown facts are left empty.
#pragma once

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

}  // namespace mig::agent
