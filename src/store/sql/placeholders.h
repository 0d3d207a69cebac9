// Placeholder handling: the store writes its SQL with "$N"; SQLite wants
// "?N". And a compiled target fragment is checked before it is spliced.
#pragma once

#include <string>

#include "core/sql_fragment.h"
#include "core/status.h"

namespace mig::store {

// Rewrites "$N" placeholders outside quoted literals as "?N".
std::string DollarToQuestion(const std::string& sql);

// Checks a target fragment for `dialect`: non-empty, no ';' or comments
// outside literals, placeholders in that dialect's style, numbered 1..n
// with n == params.size() and each number used.
Status CheckFragment(const SqlFragment& f, SqlDialect dialect);

}  // namespace mig::store
