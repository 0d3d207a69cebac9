// The file module: MIG's file-system search (spec/modules/file.md).
#pragma once

#include "modules/module.h"

namespace mig::modules::file {

class FileModule : public Module {
 public:
  std::string_view Name() const override { return "file"; }
  ModuleResult Run(const Json& parameters) override;
  std::vector<std::string> Print(const ModuleResult& result, bool found_only) const override;
  Result<Json> ParametersFromArgs(const std::vector<std::string>& args) const override;
  std::string Usage() const override;
  void ApplyPrivacy(ModuleResult& result) const override;
};

}  // namespace mig::modules::file
