// The one check on a user name that both `mig account` and the engine make:
// the parameters name an account with it, the engine then finds it in
// /etc/passwd.
#pragma once

#include <string_view>

namespace mig::modules::account {

// A login name as shadow-utils accepts it by default: [a-z_][a-z0-9_-]*[$]?,
// also upper case and '.', at most 32 characters.
bool IsValidUserName(std::string_view name);

}  // namespace mig::modules::account
