// Runs one module in a child process (components.md 3.6): the agent's own
// binary with "-m MODULE", one message on stdin, one result on stdout, a
// time limit enforced with SIGKILL. Isolation is the point: a module that
// crashes, hangs or floods its output never takes the agent down.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace mig::agent {

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

}  // namespace mig::agent
