// Human-readable lines for a file result (spec/modules/file.md section 8).
#pragma once

#include <string>
#include <vector>

#include "core/documents.h"

namespace mig::modules::file {

std::vector<std::string> PrintResult(const ModuleResult& result, bool found_only);

}  // namespace mig::modules::file
