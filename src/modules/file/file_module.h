// The file module: MIG's file-system search (spec/modules/file.md). This is
// its spec for the shared adapter (modules/module_adapter.h); the search
// itself is engine/file_engine.h.
#pragma once

#include "modules/file/cli.h"
#include "modules/file/params.h"
#include "modules/file/printer.h"
#include "modules/file/result_shape.h"
#include "modules/module.h"

namespace mig::modules::file {

struct FileSpec {
  static constexpr std::string_view kName = "file";
  static constexpr ModuleKind kKind = ModuleKind::kInvestigate;
  using Params = Parameters;
  static constexpr auto Decode = &DecodeParameters;
  static constexpr auto Validate = &ValidateParameters;
  static constexpr auto ParseArgs = &ParseFileArgs;
  static constexpr auto Flags = &FileFlags;
  static constexpr auto ToJson = &ParametersToJson;
  static constexpr auto Usage = &FileUsage;
  static constexpr auto Print = &PrintResult;
  static constexpr auto Failure = &FailureResult;
  static constexpr auto Mask = &MaskResult;
};

}  // namespace mig::modules::file
