#include "modules/netstat/netstat_module.h"

#include "modules/netstat/params.h"
#include "modules/netstat/printer.h"
#include "modules/netstat/search.h"
#include "modules/registry.h"

namespace mig::modules::netstat {

ModuleResult NetstatModule::Run(const Json& parameters) {
  auto params = DecodeParameters(parameters);
  if (!params) return FailureResult(params.error());
  if (Status st = ValidateParameters(*params); !st) return FailureResult(st.message());
  return RunSearches(*params);
}

std::vector<std::string> NetstatModule::Print(const ModuleResult& result, bool found_only) const {
  return PrintResult(result, found_only);
}

Result<Json> NetstatModule::ParametersFromArgs(const std::vector<std::string>& args) const {
  auto params = ParseNetstatArgs(args);
  if (!params) return params.status();
  if (Status st = ValidateParameters(*params); !st) return st;
  return Json::parse(ParametersToJson(*params).dump());
}

std::string NetstatModule::Usage() const {
  return NetstatUsage();
}

void NetstatModule::ApplyPrivacy(ModuleResult& result) const {
  MaskResult(result);
}

}  // namespace mig::modules::netstat

MIG_REGISTER_MODULE(netstat, ::mig::modules::netstat::NetstatModule)
