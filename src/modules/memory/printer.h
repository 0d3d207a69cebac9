// The memory module's human-readable lines, as `mig memory` prints
// results (spec/modules/memory.md).
#pragma once

#include <string>
#include <vector>

#include "core/documents.h"

namespace mig::modules::memory {

std::vector<std::string> PrintMemoryResult(const ModuleResult& result, bool found_only);

}  // namespace mig::modules::memory
