// The memory module: find processes by name, library and memory content
// (spec/modules/memory.md). Linux only (/proc/<pid>/{exe,maps,mem}). This
// is its spec for the shared adapter (modules/module_adapter.h); the scan
// itself is engine/scanner.h.
#pragma once

#include "modules/memory/params.h"
#include "modules/memory/printer.h"
#include "modules/memory/result_shape.h"
#include "modules/module.h"

namespace mig::modules::memory {

struct MemorySpec {
  static constexpr std::string_view kName = "memory";
  static constexpr ModuleKind kKind = ModuleKind::kInvestigate;
  using Params = Parameters;
  static constexpr auto Decode = &DecodeParameters;
  static constexpr auto Validate = &ValidateParameters;
  static constexpr auto ParseArgs = &ParseMemoryArgs;
  static constexpr auto Flags = &MemoryFlags;
  static constexpr auto ToJson = &ParametersToJson;
  static constexpr auto Usage = &MemoryUsage;
  static constexpr auto Print = &PrintMemoryResult;
  static constexpr auto Failure = &FailureResult;
};

}  // namespace mig::modules::memory
