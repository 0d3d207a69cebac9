// firewall's human-readable lines, as `mig` and `mig-agent -p` print them.
#pragma once

#include <string>
#include <vector>

#include "core/documents.h"

namespace mig::modules::firewall {

std::vector<std::string> PrintResult(const ModuleResult& result, bool found_only);

}  // namespace mig::modules::firewall
