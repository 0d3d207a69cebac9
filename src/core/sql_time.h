// How timestamps are stored in SQL, so every writer and every target
// expression agree.
//
// PostgreSQL: timestamptz columns (storage.md), bound as RFC 3339 text.
// SQLite: TEXT holding UTC in one fixed-width form,
//   YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ   (always 9 fraction digits, always 'Z'),
// so that plain text comparison orders instants correctly (years are
// 0001..9999, always 4 digits). SQLite's own date functions read this form.
#pragma once

#include <string>

#include "core/time.h"

namespace mig {

// "2015-09-09T14:43:30.871448608Z"; "0001-01-01T00:00:00.000000000Z" for the zero time.
std::string FormatSqliteTime(const Time& t);

// SQLite SQL that turns a time value (SQL text such as 'now' or a column in
// the form above) plus optional date modifiers (SQL, e.g. "?3, ?4") into the
// form above, with millisecond precision:
//   SqliteTimeSql("'now'", "?3") -> (strftime('%Y-%m-%dT%H:%M:%f', 'now', ?3) || '000000Z')
std::string SqliteTimeSql(const std::string& time_value_sql, const std::string& modifiers_sql);

}  // namespace mig
