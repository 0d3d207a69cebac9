// Builds the module result from a finished run (spec/modules/file.md
// section 7): elements per label, statistics, errors capped by maxerrors.
#pragma once

#include <string>

#include "core/documents.h"
#include "modules/file/engine/run_state.h"

namespace mig::modules::file {

ModuleResult BuildResult(const RunState& state, int64_t exec_ns);

}  // namespace mig::modules::file
