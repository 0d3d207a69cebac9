// The process module (docs/modules/process.md): a respond module that
// terminates, kills or suspends the processes one selector names. Linux only.
#pragma once

#include "modules/module.h"

namespace mig::modules::process {

class ProcessModule : public Module {
 public:
  std::string_view Name() const override { return "process"; }
  ModuleKind Kind() const override { return ModuleKind::kRespond; }
  ModuleResult Run(const Json& parameters) override;
  std::vector<std::string> Print(const ModuleResult& result, bool found_only) const override;
  Result<Json> ParametersFromArgs(const std::vector<std::string>& args) const override;
  std::string Usage() const override;
  void ApplyPrivacy(ModuleResult& result) const override;
};

}  // namespace mig::modules::process
