// A target expression (docs/targets.md) given as the query parameter
// 'target', compiled for a store as the scheduler compiles action targets.
#pragma once

#include <string_view>

#include "core/sql_fragment.h"
#include "core/status.h"

namespace mig::api {

// The compiled SQL, or the client's mistake for a 400: "parameter 'target':
// invalid target: REASON at byte N", then the caret line under that byte.
Result<SqlFragment> CompileTargetParam(std::string_view target, SqlDialect dialect);

}  // namespace mig::api
