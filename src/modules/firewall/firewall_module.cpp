#include "modules/firewall/firewall_module.h"

#include "modules/firewall/operations.h"
#include "modules/firewall/params.h"
#include "modules/firewall/printer.h"
#include "modules/registry.h"

namespace mig::modules::firewall {

ModuleResult FirewallModule::Run(const Json& parameters) {
  auto params = DecodeParameters(parameters);
  if (!params) return FailureResult(params.error());
  auto request = ValidateParameters(*params);
  if (!request) return FailureResult(request.error());
  return Execute(*request);
}

std::vector<std::string> FirewallModule::Print(const ModuleResult& result, bool found_only) const {
  return PrintResult(result, found_only);
}

Result<Json> FirewallModule::ParametersFromArgs(const std::vector<std::string>& args) const {
  auto params = ParseFirewallArgs(args);
  if (!params) return params.status();
  if (auto r = ValidateParameters(*params); !r) return r.status();
  return Json::parse(ParametersToJson(*params).dump());
}

std::string FirewallModule::Usage() const {
  return FirewallUsage();
}

}  // namespace mig::modules::firewall

MIG_REGISTER_MODULE(firewall, ::mig::modules::firewall::FirewallModule)
