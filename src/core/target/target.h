// Target expressions: parse what a MIG user wrote (protocol.md 11) into a
// TargetExpr, and compile it to parameterised SQL for SQLite or PostgreSQL.
// User text never reaches SQL text: every literal becomes a parameter and
// column names come from a fixed list.
//
// Accepted language (SQL precedence: OR < AND < NOT < IS < comparison <
// LIKE/IN < JSON operators < + -):
//   comparisons = <> != < <= > >=;  [NOT] LIKE / ILIKE 'pattern';
//   [NOT] IN (literal, ...);  IS [NOT] NULL;  IS [NOT] TRUE / FALSE;
//   NOT, AND, OR, parentheses;  'strings' ('' escapes), numbers, TRUE, FALSE;
//   columns of the agents table, bare or as agents.<column>;
//   environment / tags with -> ->> #> #>> ('key', integer index, '{a,b}');
//   NOW(), CURRENT_TIMESTAMP, <time> +/- interval '5 hours';
//   and the one subquery MIG's client generates for -target-found N:
//     id IN (select agentid from commands, json_array_elements(commands.results)
//            as r where actionid=N and r#>>'{foundanything}' = 'true')
// Rejected, with the byte offset: unknown columns and functions, other
// subqueries, ';', comments, unbalanced parentheses, casts, type mismatches
// (name = 5), text longer than kMaxTargetBytes, nesting deeper than
// kMaxTargetDepth (parentheses and NOT) or kMaxTargetNesting (compiled).
//
// Compiled SQL expects the agents table to be visible as `agents` (every
// column is written agents.<column>) and, for -target-found, a `commands`
// table (storage.md 2.3). Time columns: see core/sql_time.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/sql_fragment.h"
#include "core/status.h"
#include "core/target/target_expr.h"

namespace mig {

inline constexpr size_t kMaxTargetBytes = 16 * 1024;
inline constexpr int kMaxTargetDepth = 64;
// How deeply the conditions of a target may nest once compiled: each NOT,
// AND/OR, comparison, IS, LIKE or IN holding another condition is one level,
// a time shift (+/- interval) two, the -target-found subquery three. SQLite
// (3.40 in Debian 12) parses SQL on a fixed stack of 100 entries; within
// this bound every compiled target fits with room to spare. Parentheses
// alone do not count: they vanish from the compiled SQL.
inline constexpr int kMaxTargetNesting = 20;

// Where and why a target was rejected.
struct TargetError {
  size_t offset = 0;  // byte offset into the target text
  std::string reason;
};

// Parses and type-checks a target. On failure the Status message reads
// "invalid target: <reason> at byte <offset>"; pass `error` to get both parts.
Result<TargetExpr> ParseTarget(std::string_view text, TargetError* error = nullptr);

// Compiles to a SQL boolean expression with placeholders numbered from
// first_param ($N for PostgreSQL, ?N for SQLite).
Result<SqlFragment> CompileTarget(const TargetExpr& expr, SqlDialect dialect, int first_param);

// The target text without the caret line, then a line with '^' under the
// byte at `offset` (long texts are cut to a window around it):
//   name = 'a' OR nmae = 'b'
//                 ^
std::string CaretDisplay(std::string_view text, size_t offset);

// MIG's -target-found / -target-notfound text (exactly what the Go client
// writes), and the whole target: "<prefix> AND <target>".
std::string TargetFoundPrefix(int64_t action_id, bool found);
std::string WithTargetFound(int64_t action_id, bool found, std::string_view target);

// The column's name in SQL and in targets ("heartbeattime"), and its type.
const char* AgentColumnName(AgentColumn column);
ValueType AgentColumnType(AgentColumn column);

}  // namespace mig
