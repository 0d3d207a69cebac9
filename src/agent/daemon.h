// mig-agent's daemon and check-in modes (components.md 3.3, 3.4): connect out
// to the relay, heartbeat, take commands from its queue, run them in
// parallel up to a limit, answer. No listening port.
#pragma once

#include <string>

#include "agent/config.h"

namespace mig::agent {

struct DaemonOptions {
  AgentConfig config;
  std::string self_exe;  // this binary, started with -m MODULE for each operation
  bool checkin = false;  // run what is queued, then exit
};

// Returns the process exit status. Stops on SIGINT/SIGTERM.
int RunDaemon(const DaemonOptions& options);

}  // namespace mig::agent
