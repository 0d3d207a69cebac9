// The netstat module: network state of the endpoint (spec/modules/netstat.md).
// Linux only: interfaces, ARP/NDP neighbours and /proc/net sockets. This is
// its spec for the shared adapter (modules/module_adapter.h); the searches
// themselves are engine/search.h.
#pragma once

#include "modules/module.h"
#include "modules/module_adapter.h"
#include "modules/netstat/params.h"
#include "modules/netstat/printer.h"
#include "modules/netstat/privacy.h"

namespace mig::modules::netstat {

struct NetstatSpec {
  static constexpr std::string_view kName = "netstat";
  static constexpr ModuleKind kKind = ModuleKind::kInvestigate;
  using Params = Parameters;
  static constexpr auto Decode = &DecodeParameters;
  static constexpr auto Validate = &ValidateParameters;
  static constexpr auto ParseArgs = &ParseNetstatArgs;
  static constexpr auto Flags = &NetstatFlags;
  static constexpr auto ToJson = &ParametersToJson;
  static constexpr auto Usage = &NetstatUsage;
  static constexpr auto Print = &PrintResult;
  static constexpr auto Failure = &ErrorOnlyResult;
  static constexpr auto Mask = &MaskResult;
};

}  // namespace mig::modules::netstat
