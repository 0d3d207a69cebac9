// Times as the stores hold them. SQLite keeps UTC text with a fixed 9-digit
// fraction so that text order is time order; PostgreSQL returns timestamptz
// as "YYYY-MM-DD HH:MM:SS[.ffffff]+00" (the session runs in UTC).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/time.h"

namespace mig::store {

// "YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ" (core/sql_time.h); years outside
// 0001..9999 are clamped. Both stores accept this form as a parameter.
std::string FormatDbTime(const Time& t);

// Reads either store's output. PostgreSQL keeps microseconds, so the two MIG
// sentinels come back rounded; they are mapped back to their exact values.
Result<Time> ParseDbTime(std::string_view text);

// "1"/"t"/"true" -> true; anything else false.
bool ParseDbBool(const std::optional<std::string>& v);

}  // namespace mig::store
