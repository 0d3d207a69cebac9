// The pkg module: installed packages by name regex and optional version
// filter (spec: modules/pkg.md). This is its spec for the shared adapter
// (modules/module_adapter.h); the inventory and the search are in engine/.
#pragma once

#include "modules/module.h"
#include "modules/module_adapter.h"
#include "modules/pkg/params.h"
#include "modules/pkg/printer.h"

namespace mig::modules::pkg {

struct PkgSpec {
  static constexpr std::string_view kName = "pkg";
  static constexpr ModuleKind kKind = ModuleKind::kInvestigate;
  using Params = Parameters;
  static constexpr auto Decode = &DecodeParameters;
  static constexpr auto Validate = &ValidateParameters;
  static constexpr auto ParseArgs = &ParsePkgArgs;
  static constexpr auto Flags = &PkgFlags;
  static constexpr auto ToJson = &ParametersToJson;
  static constexpr auto Usage = &PkgUsage;
  static constexpr auto Print = &PrintResult;
  static constexpr auto Failure = &PkgFailure;
};

}  // namespace mig::modules::pkg
