// Runs operations as `<self> -m <module>` child processes (components.md 3.6).
#pragma once

#include <string>

#include "agent/command_runner.h"
#include "agent/kept_endpoints.h"
#include "agent/sandbox.h"

namespace mig::agent {

class ChildModuleLauncher : public ModuleLauncher {
 public:
  // Children enter sandbox (when enabled) before they read their parameters.
  // A child's output (its result) larger than max_result_bytes is an error
  // ([agent] maxresultsize), read no further. kept gives the endpoints a
  // firewall isolation must leave reachable (the agent's relay and API).
  ChildModuleLauncher(std::string self_exe, SandboxConfig sandbox,
                      size_t max_result_bytes = 16u << 20, EndpointSource kept = {})
      : self_exe_(std::move(self_exe)),
        sandbox_(sandbox),
        max_result_bytes_(max_result_bytes),
        kept_(std::move(kept)) {}
  // Compiled into this binary (registry names are case-sensitive).
  bool Has(const std::string& module) const override;
  OperationOutcome Launch(const std::string& module, const Json& parameters,
                          std::chrono::milliseconds timeout) const override;

 private:
  // What a child's death by signal means, in the sandbox's terms.
  std::string SignalMeaning(int signal) const;

  std::string self_exe_;
  SandboxConfig sandbox_;
  size_t max_result_bytes_;
  EndpointSource kept_;
};

// Path of the running executable (/proc/self/exe).
std::string SelfExecutable();

}  // namespace mig::agent
