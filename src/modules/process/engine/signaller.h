// Sends the request's signal to the selected processes and watches what
// becomes of them: term is SIGTERM, then SIGKILL for those still alive
// after the grace; kill is SIGKILL; stop is SIGSTOP, checked until the
// kernel shows the process stopped. A process is held by a pidfd when the
// kernel has them (Linux 5.3+), so a pid reused meanwhile is never hit;
// without pidfds the pid's start time is checked before each signal.
#pragma once

#include <string>
#include <vector>

#include "modules/process/engine/selection.h"
#include "modules/process/params.h"

namespace mig::modules::process {

struct Outcome {
  std::vector<std::string> signals;  // sent, in order ("SIGTERM", "SIGKILL"); planned in dryrun
  // died, stopped, alive (survived SIGKILL), running (SIGSTOP did not stop
  // it), exited (gone before it was signalled), failed (could not signal),
  // dryrun (nothing sent)
  std::string state;
  std::string error;  // for failed
};

// One outcome per target, in the same order. Dryrun sends nothing.
std::vector<Outcome> SignalProcesses(const std::vector<ProcessInfo>& targets,
                                     const Request& request);

// How long SIGKILL and SIGSTOP are given to show their effect.
inline constexpr int64_t kSettleNs = 5'000'000'000;

}  // namespace mig::modules::process
