// Reading the contents of target literals: numbers, intervals, JSON path
// arrays ('{a,b}'), time strings. Each returns an error message (empty when
// the text was understood).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/target/target_expr.h"
#include "core/time.h"

namespace mig::target_internal {

// "42" -> integer; "1.5", "1e3" -> real.
std::string ParseNumberLiteral(std::string_view text, TargetExpr& out);

// PostgreSQL-style interval: one or more "<number> <unit>" pairs, units
// second(s)/sec(s), minute(s)/min(s), hour(s), day(s), week(s), month(s)/mon(s),
// year(s) (singular, plural or short), e.g. '5 hours', '1 day 12 hours'.
std::string ParseIntervalLiteral(std::string_view text, Interval& out);

// A PostgreSQL text array literal as used by #> and #>>: '{a,b}', '{"a b",c}'.
std::string ParsePathLiteral(std::string_view text, std::vector<std::string>& out);

// RFC 3339 ('2020-01-02T03:04:05Z'), also with a space for 'T', without a zone
// (taken as UTC), or a bare date ('2020-01-02', midnight UTC).
std::string ParseTimeLiteral(std::string_view text, Time& out);

}  // namespace mig::target_internal
