// The whitelist of agents columns a target may name.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/target/target.h"

namespace mig::target_internal {

// The column called `lower_name` (already lower-cased), if it is one.
std::optional<AgentColumn> FindAgentColumn(std::string_view lower_name);
// "id, name, queueloc, ...", for error messages.
std::string AgentColumnList();

}  // namespace mig::target_internal
