// The firewall module: a respond module that blocks addresses and networks
// or isolates the endpoint, with rules in nftables' table "inet mig" that
// the kernel expires by itself (docs/modules/firewall.md). Linux only.
#pragma once

#include "modules/module.h"

namespace mig::modules::firewall {

class FirewallModule : public Module {
 public:
  std::string_view Name() const override { return "firewall"; }
  ModuleKind Kind() const override { return ModuleKind::kRespond; }
  ModuleResult Run(const Json& parameters) override;
  std::vector<std::string> Print(const ModuleResult& result, bool found_only) const override;
  Result<Json> ParametersFromArgs(const std::vector<std::string>& args) const override;
  std::string Usage() const override;
};

}  // namespace mig::modules::firewall
