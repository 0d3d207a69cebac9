// The ping module: reachability from the endpoint (spec/modules/ping.md).
// Linux only (raw and ICMP datagram sockets, nonblocking connect). This is
// its spec for the shared adapter (modules/module_adapter.h); the probes are
// engine/ping_engine.h. Validation resolves the destination and hands the
// engine the address it settled.
#pragma once

#include "modules/module.h"
#include "modules/module_adapter.h"
#include "modules/ping/params.h"
#include "modules/ping/printer.h"

namespace mig::modules::ping {

struct PingSpec {
  static constexpr std::string_view kName = "ping";
  static constexpr ModuleKind kKind = ModuleKind::kInvestigate;
  using Params = Parameters;
  static constexpr auto Decode = &DecodeParameters;
  static constexpr auto Validate = &ValidateParameters;
  static constexpr auto ParseArgs = &ParsePingArgs;
  static constexpr auto Flags = &PingFlags;
  static constexpr auto ToJson = &ParametersToJson;
  static constexpr auto Usage = &PingUsage;
  static constexpr auto Print = &PrintPingResult;
  static constexpr auto Failure = &ErrorOnlyResult;
};

}  // namespace mig::modules::ping
