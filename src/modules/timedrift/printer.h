// The timedrift module's human-readable lines, as `mig timedrift` prints
// results (spec/modules/timedrift.md).
#pragma once

#include <string>
#include <vector>

#include "core/documents.h"

namespace mig::modules::timedrift {

std::vector<std::string> PrintTimedriftResult(const ModuleResult& result, bool found_only);

}  // namespace mig::modules::timedrift
