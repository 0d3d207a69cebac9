// Ending every process of a user: SIGKILL to each process whose real uid is
// the user's, found in /proc, signalled through a pidfd so that a PID reused
// between the look and the kill is never hit. PID 1, this process and its
// ancestors (the agent) are always spared.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace mig::modules::account {

struct KillReport {
  std::vector<int> pids;            // signalled (or, for a dry run, would be)
  std::vector<std::string> errors;  // processes that could not be signalled
};

// The processes a kill would signal now.
KillReport ListProcessesOf(uid_t uid);

// Signals them, then looks again (a process may fork while its siblings die)
// until a look finds no new one, at most 20 looks.
KillReport KillProcessesOf(uid_t uid);

}  // namespace mig::modules::account
