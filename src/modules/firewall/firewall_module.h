// The firewall module: a respond module that blocks addresses and networks
// or isolates the endpoint, with rules in nftables' table "inet mig" that
// the kernel expires by itself (docs/modules/firewall.md). Linux only. This
// is its spec for the shared adapter (modules/module_adapter.h); the
// nftables work is engine/operations.h.
#pragma once

#include "modules/firewall/params.h"
#include "modules/firewall/printer.h"
#include "modules/module.h"
#include "modules/module_adapter.h"

namespace mig::modules::firewall {

struct FirewallSpec {
  static constexpr std::string_view kName = "firewall";
  static constexpr ModuleKind kKind = ModuleKind::kRespond;
  using Params = Parameters;
  static constexpr auto Decode = &DecodeParameters;
  static constexpr auto Validate = &ValidateParameters;
  static constexpr auto ParseArgs = &ParseFirewallArgs;
  static constexpr auto Flags = &FirewallFlags;
  static constexpr auto ToJson = &ParametersToJson;
  static constexpr auto Usage = &FirewallUsage;
  static constexpr auto Print = &PrintResult;
  static constexpr auto Failure = &ErrorOnlyResult;
};

}  // namespace mig::modules::firewall
