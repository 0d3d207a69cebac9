// Scans the running processes for the memory searches (spec/modules/
// memory.md section 4) and builds the result (section 5). Memory is read
// through /proc/<pid>/mem in a fixed-size sliding window, so the agent's
// memory use does not depend on the target's size.
#pragma once

#include "core/documents.h"
#include "modules/memory/params.h"

namespace mig::modules::memory {

ModuleResult ScanProcesses(const Parameters& params);

}  // namespace mig::modules::memory
