// The scribe module: evaluates a policy document on the endpoint (spec/
// modules/scribe.md). Its spec for the shared adapter (modules/
// module_adapter.h); the evaluation is engine/.
#pragma once

#include "modules/module.h"
#include "modules/module_adapter.h"
#include "modules/scribe/params.h"
#include "modules/scribe/printer.h"

namespace mig::modules::scribe {

struct ScribeSpec {
  static constexpr std::string_view kName = "scribe";
  static constexpr ModuleKind kKind = ModuleKind::kInvestigate;
  using Params = Parameters;
  static constexpr auto Decode = &DecodeParameters;
  static constexpr auto Validate = &ValidateParameters;
  static constexpr auto ParseArgs = &ParseScribeArgs;
  static constexpr auto Flags = &ScribeFlags;
  static constexpr auto ToJson = &ParametersToJson;
  static constexpr auto Usage = &ScribeUsage;
  static constexpr auto Print = &PrintResult;
  static constexpr auto Failure = &ErrorOnlyResult;
  static constexpr auto Mask = &MaskResult;
};

}  // namespace mig::modules::scribe
