// Builds the module result from a finished run (spec/modules/file.md
// section 7): elements per label, statistics, errors capped by maxerrors.
#pragma once

#include <string>

#include "core/documents.h"
#include "modules/file/run_state.h"

namespace mig::modules::file {

ModuleResult BuildResult(const RunState& state, int64_t exec_ns);

// The failure shape of section 2.5: success false, elements {}, zeroed
// statistics, the message as the only error.
ModuleResult FailureResult(const std::string& message);

// The privacy hook: non-empty files and every error become "masked".
void MaskResult(ModuleResult& result);

}  // namespace mig::modules::file
