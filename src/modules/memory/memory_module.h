// The memory module: find processes by name, library and memory content
// (spec/modules/memory.md). Linux only (/proc/<pid>/{exe,maps,mem}).
#pragma once

#include "modules/module.h"

namespace mig::modules::memory {

class MemoryModule : public Module {
 public:
  std::string_view Name() const override { return "memory"; }
  ModuleResult Run(const Json& parameters) override;
  std::vector<std::string> Print(const ModuleResult& result, bool found_only) const override;
  Result<Json> ParametersFromArgs(const std::vector<std::string>& args) const override;
  std::string Usage() const override;
};

}  // namespace mig::modules::memory
