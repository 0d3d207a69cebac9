// Lines for `mig account` and `mig-agent -m account -p`.
#pragma once

#include <string>
#include <vector>

#include "core/documents.h"

namespace mig::modules::account {

// "lock bob (uid 1001): /etc/shadow: '!' prefixed to the password hash", one
// line per step; found_only keeps the steps that changed something.
std::vector<std::string> PrintResult(const ModuleResult& result, bool found_only);

}  // namespace mig::modules::account
