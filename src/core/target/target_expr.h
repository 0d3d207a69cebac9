// The expression tree of a target (protocol.md 11): what a MIG user wrote in
// the WHERE clause over the agents table, parsed and type-checked. Nothing in
// it is SQL text; the compiler turns it into parameterised SQL per store.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/time.h"

namespace mig {

// The agents table columns a target may use (storage.md 2.4). Anything else
// is rejected by the parser.
enum class AgentColumn {
  kId,
  kName,
  kQueueloc,
  kMode,
  kVersion,
  kPid,
  kStarttime,
  kDestructiontime,
  kHeartbeattime,
  kRefreshtime,
  kStatus,
  kEnvironment,
  kTags,
  kLoadername,
};

// What a value is, for type checking. kBool is the type of predicates.
enum class ValueType { kText, kNumber, kTime, kJson, kBool };

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe };

// One step of a JSON access: ->'key', ->2, or #>'{a,b}'.
struct JsonStep {
  enum class Kind { kKey, kIndex, kPath } kind = Kind::kKey;
  std::string key;                // kKey
  int64_t index = 0;              // kIndex (>= 0)
  std::vector<std::string> path;  // kPath, elements of the '{a,b}' literal
};

// A calendar interval, from interval '5 hours': months, then seconds.
struct Interval {
  int64_t months = 0;
  double seconds = 0;
};

struct TargetExpr {
  enum class Kind {
    // Predicates (type kBool).
    kOr,             // children: 2+ predicates
    kAnd,            // children: 2+ predicates
    kNot,            // children: 1 predicate
    kCompare,        // children: left, right; op
    kLike,           // children: text value, pattern (kString); negated, case_insensitive
    kIn,             // children: value, then 1+ list items; negated
    kIsNull,         // children: value; negated
    kIsBool,         // children: predicate; negated; bool_value (IS [NOT] TRUE/FALSE)
    kFoundInAction,  // action_id, found: MIG's -target-found / -target-notfound subquery
    // Values.
    kColumn,     // column
    kJson,       // column (environment or tags), steps; as_text (last step ->> or #>>)
    kString,     // text
    kNumber,     // is_integer ? integer : real
    kBool,       // bool_value
    kTime,       // time: a string literal compared with a time column
    kNow,        // NOW() / CURRENT_TIMESTAMP
    kTimeShift,  // children: time value; interval; negated means minus
  };

  Kind kind = Kind::kBool;
  size_t offset = 0;  // byte offset of the node in the target text
  std::vector<TargetExpr> children;

  CompareOp op = CompareOp::kEq;
  bool negated = false;
  bool case_insensitive = false;
  bool bool_value = false;
  AgentColumn column = AgentColumn::kId;
  std::vector<JsonStep> steps;
  bool as_text = false;
  std::string text;
  bool is_integer = true;
  int64_t integer = 0;
  double real = 0;
  Time time;
  Interval interval;
  int64_t action_id = 0;
  bool found = true;
};

}  // namespace mig
