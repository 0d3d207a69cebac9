// The netstat module: network state of the endpoint (spec/modules/netstat.md).
// Linux only: interfaces, ARP/NDP neighbours and /proc/net sockets.
#pragma once

#include "modules/module.h"

namespace mig::modules::netstat {

class NetstatModule : public Module {
 public:
  std::string_view Name() const override { return "netstat"; }
  ModuleResult Run(const Json& parameters) override;
  std::vector<std::string> Print(const ModuleResult& result, bool found_only) const override;
  Result<Json> ParametersFromArgs(const std::vector<std::string>& args) const override;
  std::string Usage() const override;
  void ApplyPrivacy(ModuleResult& result) const override;
};

}  // namespace mig::modules::netstat
