// A piece of SQL with its bound parameters: what a target expression compiles
// to, and what a store splices into its queries. User text only ever travels
// in params, never in sql.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace mig {

enum class SqlDialect { kSqlite, kPostgres };

using SqlParam = std::variant<std::monostate /* NULL */, bool, int64_t, double, std::string>;

struct SqlFragment {
  // Placeholders are numbered from first_param: "$N" for PostgreSQL, "?N"
  // for SQLite, so a fragment can be embedded after a query's own params.
  std::string sql;
  std::vector<SqlParam> params;
};

}  // namespace mig
