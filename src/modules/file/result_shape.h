// Result shapes of the file module that need no search run (spec/modules/
// file.md sections 2.5, 7 and 8): the statistics block, the failure result
// and the privacy mask. The engine builds its results with the same block.
#pragma once

#include <cstdint>
#include <string>

#include "core/documents.h"

namespace mig::modules::file {

OrderedJson Statistics(uint64_t files, uint64_t openfailed, uint64_t hits,
                       const std::string& exectime);

// The failure shape of section 2.5: success false, elements {}, zeroed
// statistics, the message as the only error.
ModuleResult FailureResult(const std::string& message);

// The privacy hook: non-empty files and every error become "masked".
void MaskResult(ModuleResult& result);

}  // namespace mig::modules::file
