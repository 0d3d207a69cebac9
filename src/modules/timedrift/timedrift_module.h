// The timedrift module: the endpoint's local time and its drift from NTP
// (spec/modules/timedrift.md). This is its spec for the shared adapter
// (modules/module_adapter.h); the NTP queries are engine/timedrift_engine.h.
#pragma once

#include "modules/module.h"
#include "modules/module_adapter.h"
#include "modules/timedrift/params.h"
#include "modules/timedrift/printer.h"

namespace mig::modules::timedrift {

struct TimedriftSpec {
  static constexpr std::string_view kName = "timedrift";
  static constexpr ModuleKind kKind = ModuleKind::kInvestigate;
  using Params = Parameters;
  static constexpr auto Decode = &DecodeParameters;
  static constexpr auto Validate = &ValidateParameters;
  static constexpr auto ParseArgs = &ParseTimedriftArgs;
  static constexpr auto Flags = &TimedriftFlags;
  static constexpr auto ToJson = &ParametersToJson;
  static constexpr auto Usage = &TimedriftUsage;
  static constexpr auto Print = &PrintTimedriftResult;
  static constexpr auto Failure = &ErrorOnlyResult;
};

}  // namespace mig::modules::timedrift
