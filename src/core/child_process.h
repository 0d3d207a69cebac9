// Runs a program in a child process: one message on stdin, one result on
// stdout, a time limit enforced with SIGKILL. The agent runs each module so
// (components.md 3.6: its own binary with "-m MODULE"), and `mig -t local`
// runs mig-agent so. Isolation is the point: a module that crashes, hangs or
// floods its output never takes its caller down.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace mig {

struct ChildRun {
  enum class Outcome { kExited, kSignaled, kTimedOut, kOutputTooLarge, kSpawnFailed };
  Outcome outcome = Outcome::kSpawnFailed;
  int exit_code = -1;  // kExited
  int signal = 0;      // kSignaled
  std::string output;  // stdout, whole
  std::string error;   // kSpawnFailed: why
};

struct ChildLimits {
  std::chrono::milliseconds timeout{300'000};
  size_t max_output_bytes = 64u << 20;
};

// argv[0] is the executable path. stdin receives input then EOF; stderr is
// discarded (as MIG's agent does) so a chatty module cannot block on it.
ChildRun RunChild(const std::vector<std::string>& argv, const std::string& input,
                  const ChildLimits& limits);

}  // namespace mig
