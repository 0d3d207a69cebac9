// Result shapes of the memory module that need no scan (spec/modules/
// memory.md section 5): the statistics block and the failure result.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/documents.h"

namespace mig::modules::memory {

OrderedJson Statistics(int64_t processes, uint64_t read, int64_t hits,
                       const std::vector<std::string>& failures, int64_t exec_ns);

// success false, elements {}, zeroed statistics, the message as error.
ModuleResult FailureResult(const std::string& message);

}  // namespace mig::modules::memory
