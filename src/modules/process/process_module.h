// The process module (docs/modules/process.md): a respond module that
// terminates, kills or suspends the processes one selector names. Linux
// only. This is its spec for the shared adapter (modules/module_adapter.h);
// selecting and signalling processes is engine/process_engine.h.
#pragma once

#include "modules/module.h"
#include "modules/module_adapter.h"
#include "modules/process/params.h"
#include "modules/process/report.h"

namespace mig::modules::process {

struct ProcessSpec {
  static constexpr std::string_view kName = "process";
  static constexpr ModuleKind kKind = ModuleKind::kRespond;
  using Params = Parameters;
  static constexpr auto Decode = &DecodeParameters;
  static constexpr auto Validate = &ValidateParameters;
  static constexpr auto ParseArgs = &ParseProcessArgs;
  static constexpr auto Flags = &ProcessFlags;
  static constexpr auto ToJson = &ParametersToJson;
  static constexpr auto Usage = &ProcessUsage;
  static constexpr auto Print = &PrintResult;
  static constexpr auto Failure = &FailureResult;
  static constexpr auto Mask = &MaskResult;
};

}  // namespace mig::modules::process
