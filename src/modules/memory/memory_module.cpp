#include "modules/memory/memory_module.h"

#include "modules/memory/params.h"
#include "modules/memory/scanner.h"
#include "modules/registry.h"

namespace mig::modules::memory {

ModuleResult MemoryModule::Run(const Json& parameters) {
  auto params = DecodeParameters(parameters);
  if (!params) return FailureResult(params.error());
  if (Status st = ValidateParameters(*params); !st) return FailureResult(st.message());
  return ScanProcesses(*params);
}

std::vector<std::string> MemoryModule::Print(const ModuleResult& result, bool found_only) const {
  return PrintMemoryResult(result, found_only);
}

Result<Json> MemoryModule::ParametersFromArgs(const std::vector<std::string>& args) const {
  auto params = ParseMemoryArgs(args);
  if (!params) return params.status();
  if (Status st = ValidateParameters(*params); !st) return st;
  return Json::parse(ParametersToJson(*params).dump());
}

std::string MemoryModule::Usage() const {
  return MemoryUsage();
}

}  // namespace mig::modules::memory

MIG_REGISTER_MODULE(memory, ::mig::modules::memory::MemoryModule)
