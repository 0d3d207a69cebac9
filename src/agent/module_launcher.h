// Runs operations as `<self> -m <module>` child processes (components.md 3.6).
#pragma once

#include <string>

#include "agent/command_runner.h"

namespace mig::agent {

class ChildModuleLauncher : public ModuleLauncher {
 public:
  explicit ChildModuleLauncher(std::string self_exe) : self_exe_(std::move(self_exe)) {}
  // Compiled into this binary (registry names are case-sensitive).
  bool Has(const std::string& module) const override;
  OperationOutcome Launch(const std::string& module, const Json& parameters,
                          std::chrono::milliseconds timeout) const override;

 private:
  std::string self_exe_;
};

// Path of the running executable (/proc/self/exe).
std::string SelfExecutable();

}  // namespace mig::agent
