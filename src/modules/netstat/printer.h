// netstat's human-readable lines (spec/modules/netstat.md section 6).
#pragma once

#include <string>
#include <vector>

#include "core/documents.h"

namespace mig::modules::netstat {

std::vector<std::string> PrintResult(const ModuleResult& result, bool found_only);

}  // namespace mig::modules::netstat
