// Which registered modules change the endpoint. The agent gates their
// operations harder (docs/acl.md) and `mig` weighs them by the same rule.
#pragma once

#include <set>
#include <string>

namespace mig::modules {

// Names of the registered modules whose Kind() is kRespond, read from the
// registry when called (modules register before main runs).
std::set<std::string> RespondModuleNames();

}  // namespace mig::modules
