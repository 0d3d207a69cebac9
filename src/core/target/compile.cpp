// TargetExpr -> parameterised SQL. Only fixed keywords, operators and column
// names are written into the SQL text; every value from the target is bound.
//
// Dialect choices:
// * PostgreSQL: every parameter carries an explicit cast ($1::text,
//   $2::bigint...) so types never depend on inference. JSON columns are
//   assumed to be `json` (storage.md: the text is kept byte for byte); the
//   operators used (-> ->> #> #>>) work unchanged on jsonb, and the
//   -target-found subquery casts commands.results to json, so a store may
//   pick either.
// * SQLite: JSON columns hold JSON text. ->> must yield what PostgreSQL
//   yields (booleans as 'true'/'false', numbers as written), so a text access
//   is a CASE on json_type: strings through json_extract, other scalars as
//   their JSON text (the -> operator), JSON null as NULL.
//   LIKE is case-sensitive in PostgreSQL but not in SQLite, so LIKE patterns
//   are translated to GLOB patterns (case-sensitive, exact same matches for
//   % _ and \ escapes). ILIKE uses SQLite's LIKE with ESCAPE '\', which folds
//   ASCII letters only (PostgreSQL also folds non-ASCII letters).
//   Times are text in the core/sql_time.h form; NOW() and intervals use
//   strftime with millisecond precision.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "core/sql_time.h"
#include "core/target/target.h"

namespace mig {
namespace {

using Kind = TargetExpr::Kind;

const char* OpSql(CompareOp op) {
  switch (op) {
    case CompareOp::kEq:
      return " = ";
    case CompareOp::kNe:
      return " <> ";
    case CompareOp::kLt:
      return " < ";
    case CompareOp::kLe:
      return " <= ";
    case CompareOp::kGt:
      return " > ";
    case CompareOp::kGe:
      return " >= ";
  }
  return " = ";
}

bool AllDigits(const std::string& s) {
  if (s.empty() || s.size() > 7) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// PostgreSQL LIKE pattern (escape '\') -> SQLite GLOB pattern.
std::string LikeToGlob(const std::string& like) {
  std::string glob;
  for (size_t i = 0; i < like.size(); ++i) {
    const char c = like[i];
    if (c == '\\' && i + 1 < like.size()) {
      const char lit = like[++i];
      if (lit == '*' || lit == '?' || lit == '[') {
        glob += std::string("[") + lit + "]";
      } else {
        glob += lit;
      }
    } else if (c == '%') {
      glob += '*';
    } else if (c == '_') {
      glob += '?';
    } else if (c == '*' || c == '?' || c == '[') {
      glob += std::string("[") + c + "]";
    } else {
      glob += c;
    }
  }
  return glob;
}

std::string SecondsModifier(double seconds) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%+.6f seconds", seconds);
  return buf;
}

class Compiler {
 public:
  Compiler(SqlDialect dialect, int first_param) : dialect_(dialect), next_(first_param) {}

  Result<SqlFragment> Run(const TargetExpr& e) {
    std::string sql = Emit(e);
    if (!error_.empty()) return Result<SqlFragment>::Error(error_);
    return SqlFragment{std::move(sql), std::move(params_)};
  }

 private:
  bool pg() const { return dialect_ == SqlDialect::kPostgres; }

  // Binds a value; returns its placeholder, cast for PostgreSQL.
  std::string Bind(SqlParam value, const char* pg_type) {
    const int n = next_++;
    params_.push_back(std::move(value));
    if (pg()) return "$" + std::to_string(n) + "::" + pg_type;
    return "?" + std::to_string(n);
  }

  std::string Column(AgentColumn c) { return std::string("agents.") + AgentColumnName(c); }

  // "(a OR b OR c)". SQLite nests such a chain one level per operand and
  // refuses expressions deeper than 1000, which a 16 kB target of ORs
  // reaches: chains longer than kChunk are written as a chain of
  // parenthesised chains of at most kChunk (AND and OR are associative).
  static constexpr size_t kChunk = 32;
  std::string Join(const TargetExpr& e, const char* sep) {
    std::vector<std::string> operands;
    for (const TargetExpr& child : e.children)
      operands.push_back(Emit(child));
    while (operands.size() > kChunk) {
      std::vector<std::string> chunks;
      for (size_t i = 0; i < operands.size(); i += kChunk) {
        const size_t end = std::min(operands.size(), i + kChunk);
        chunks.push_back(JoinFlat(operands, i, end, sep));
      }
      operands = std::move(chunks);
    }
    return JoinFlat(operands, 0, operands.size(), sep);
  }
  static std::string JoinFlat(const std::vector<std::string>& operands, size_t begin, size_t end,
                              const char* sep) {
    if (end - begin == 1) return operands[begin];
    std::string sql = "(";
    for (size_t i = begin; i < end; ++i) {
      if (i > begin) sql += sep;
      sql += operands[i];
    }
    return sql + ")";
  }

  std::string Emit(const TargetExpr& e) {
    switch (e.kind) {
      case Kind::kOr:
        return Join(e, " OR ");
      case Kind::kAnd:
        return Join(e, " AND ");
      case Kind::kNot:
        return "(NOT " + Emit(e.children[0]) + ")";
      case Kind::kCompare: {
        // Sequenced so that placeholders are numbered left to right.
        const std::string left = Emit(e.children[0]);
        const std::string right = Emit(e.children[1]);
        return "(" + left + OpSql(e.op) + right + ")";
      }
      case Kind::kLike:
        return Like(e);
      case Kind::kIn: {
        std::string sql = "(" + Emit(e.children[0]) + (e.negated ? " NOT IN (" : " IN (");
        for (size_t i = 1; i < e.children.size(); ++i) {
          if (i > 1) sql += ", ";
          sql += Emit(e.children[i]);
        }
        return sql + "))";
      }
      case Kind::kIsNull:
        return "(" + Emit(e.children[0]) + (e.negated ? " IS NOT NULL)" : " IS NULL)");
      case Kind::kIsBool:
        return "(" + Emit(e.children[0]) + (e.negated ? " IS NOT " : " IS ") +
               (e.bool_value ? "TRUE)" : "FALSE)");
      case Kind::kFoundInAction:
        return Found(e);
      case Kind::kColumn:
        return Column(e.column);
      case Kind::kJson:
        return pg() ? JsonPostgres(e) : JsonSqlite(e);
      case Kind::kString:
        return Bind(e.text, "text");
      case Kind::kNumber:
        return e.is_integer ? Bind(e.integer, "bigint") : Bind(e.real, "double precision");
      case Kind::kBool:
        return Bind(e.bool_value, "boolean");
      case Kind::kTime:
        return pg() ? Bind(FormatTime(e.time), "timestamptz") : Bind(FormatSqliteTime(e.time), "");
      case Kind::kNow:
        return pg() ? "now()" : SqliteTimeSql("'now'", "");
      case Kind::kTimeShift:
        return TimeShift(e);
    }
    return "NULL";
  }

  std::string Like(const TargetExpr& e) {
    const std::string value = Emit(e.children[0]);
    const std::string& pattern = e.children[1].text;
    const std::string neg = e.negated ? " NOT" : "";
    if (pg()) {
      return "(" + value + neg + (e.case_insensitive ? " ILIKE " : " LIKE ") +
             Bind(pattern, "text") + ")";
    }
    if (e.case_insensitive) {
      return "(" + value + neg + " LIKE " + Bind(pattern, "") + " ESCAPE '\\')";
    }
    return "(" + value + neg + " GLOB " + Bind(LikeToGlob(pattern), "") + ")";
  }

  std::string JsonPostgres(const TargetExpr& e) {
    std::string sql = "(" + Column(e.column);
    for (size_t i = 0; i < e.steps.size(); ++i) {
      const JsonStep& step = e.steps[i];
      const bool text = e.as_text && i + 1 == e.steps.size();
      switch (step.kind) {
        case JsonStep::Kind::kKey:
          sql += (text ? " ->> " : " -> ") + Bind(step.key, "text");
          break;
        case JsonStep::Kind::kIndex:
          sql += (text ? " ->> " : " -> ") + Bind(step.index, "int");
          break;
        case JsonStep::Kind::kPath: {
          sql += text ? " #>> ARRAY[" : " #> ARRAY[";
          for (size_t k = 0; k < step.path.size(); ++k) {
            if (k) sql += ", ";
            sql += Bind(step.path[k], "text");
          }
          sql += step.path.empty() ? "]::text[]" : "]";
          break;
        }
      }
    }
    return sql + ")";
  }

  // SQLite JSON path: keys are always quoted ($."os"); path elements of
  // #>> that are all digits are array indexes.
  bool AppendKey(std::string& path, const std::string& key) {
    if (key.find('"') != std::string::npos) {
      error_ = "JSON key '" + key + "' contains a double quote, which SQLite paths cannot express";
      return false;
    }
    path += ".\"" + key + "\"";
    return true;
  }

  std::string JsonSqlite(const TargetExpr& e) {
    std::string path = "$";
    for (const JsonStep& step : e.steps) {
      if (step.kind == JsonStep::Kind::kKey && !AppendKey(path, step.key)) return "NULL";
      if (step.kind == JsonStep::Kind::kIndex) path += "[" + std::to_string(step.index) + "]";
      if (step.kind != JsonStep::Kind::kPath) continue;
      for (const std::string& element : step.path) {
        if (AllDigits(element)) {
          path += "[" + element + "]";
        } else if (!AppendKey(path, element)) {
          return "NULL";
        }
      }
    }
    const std::string column = Column(e.column);
    const std::string p = Bind(path, "");
    if (!e.as_text) return "(" + column + " -> " + p + ")";
    return "(CASE json_type(" + column + ", " + p + ") WHEN 'text' THEN json_extract(" + column +
           ", " + p + ") WHEN 'null' THEN NULL ELSE (" + column + " -> " + p + ") END)";
  }

  std::string TimeShift(const TargetExpr& e) {
    const TargetExpr& base = e.children[0];
    const double sign = e.negated ? -1 : 1;
    if (pg()) {
      const std::string time = Emit(base);
      const std::string months = Bind(e.interval.months, "int");
      const std::string seconds = Bind(e.interval.seconds, "double precision");
      return "(" + time + (e.negated ? " - " : " + ") + "make_interval(months => " + months +
             ", secs => " + seconds + "))";
    }
    const std::string time = base.kind == Kind::kNow ? "'now'" : Emit(base);
    std::string modifiers;
    if (e.interval.months != 0) {
      const int64_t months = e.negated ? -e.interval.months : e.interval.months;
      modifiers = Bind((months > 0 ? "+" : "") + std::to_string(months) + " months", "");
    }
    if (e.interval.seconds != 0 || modifiers.empty()) {
      if (!modifiers.empty()) modifiers += ", ";
      modifiers += Bind(SecondsModifier(sign * e.interval.seconds), "");
    }
    return SqliteTimeSql(time, modifiers);
  }

  // MIG's "id IN (select agentid from commands, json_array_elements(...) as r
  // where actionid=N and r#>>'{foundanything}' = 'true')" as an EXISTS.
  std::string Found(const TargetExpr& e) {
    const std::string action = Bind(e.action_id, "numeric");
    const std::string found = Bind(std::string(e.found ? "true" : "false"), "text");
    if (pg()) {
      return "(EXISTS (SELECT 1 FROM commands, json_array_elements(commands.results::json) AS r "
             "WHERE commands.agentid = agents.id AND commands.actionid = " +
             action + " AND (r ->> 'foundanything') = " + found + "))";
    }
    return "(EXISTS (SELECT 1 FROM commands, json_each(commands.results) AS r "
           "WHERE commands.agentid = agents.id AND commands.actionid = " +
           action + " AND json_type(r.value, '$.foundanything') = " + found + "))";
  }

  SqlDialect dialect_;
  int next_;
  std::vector<SqlParam> params_;
  std::string error_;
};

}  // namespace

Result<SqlFragment> CompileTarget(const TargetExpr& expr, SqlDialect dialect, int first_param) {
  if (first_param < 1) return Result<SqlFragment>::Error("first_param must be 1 or more");
  return Compiler(dialect, first_param).Run(expr);
}

}  // namespace mig
