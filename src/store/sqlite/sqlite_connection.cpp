#include "store/sqlite/sqlite_connection.h"

#include <sqlite3.h>

#include <algorithm>
#include <type_traits>

#include "core/utf8.h"
#include "store/sql/placeholders.h"

namespace mig::store {
namespace {

constexpr int kBusyTimeoutMs = 10000;
// SQLite's default limit on host parameters in one statement.
constexpr size_t kMaxParamsPerStatement = 32766;
constexpr size_t kMaxCachedStatements = 256;

// A constraint refused the row, or a value does not fit: the same input
// fails again (PostgreSQL's SQLSTATE classes 23 and 22). Busy, I/O and the
// like may pass.
bool IsDataError(int rc) {
  const int primary = rc & 0xff;
  return primary == SQLITE_CONSTRAINT || primary == SQLITE_MISMATCH || primary == SQLITE_TOOBIG;
}

}  // namespace

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const std::string& path) {
  using R = Result<std::unique_ptr<SqliteConnection>>;
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return R::Error("cannot open SQLite database '" + path + "': " + msg);
  }
  std::unique_ptr<SqliteConnection> c(new SqliteConnection(db));
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  Status s = c->ExecuteScript(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
  if (!s.ok()) return R::Error("SQLite database '" + path + "': " + s.message());
  return R(std::move(c));
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, stmt] : cache_)
    sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

std::string SqliteConnection::Error(const std::string& what) const {
  return "SQLite " + what + ": " + sqlite3_errmsg(db_);
}

Result<sqlite3_stmt*> SqliteConnection::Prepare(const std::string& sql, bool read_only) {
  auto it = cache_.find(sql);
  sqlite3_stmt* stmt = nullptr;
  if (it != cache_.end()) {
    stmt = it->second;
  } else {
    const std::string text = DollarToQuestion(sql);
    const char* tail = nullptr;
    if (sqlite3_prepare_v3(db_, text.c_str(), static_cast<int>(text.size()),
                           SQLITE_PREPARE_PERSISTENT, &stmt, &tail) != SQLITE_OK)
      return Result<sqlite3_stmt*>::Error(Error("cannot prepare statement"));
    if (stmt == nullptr) return Result<sqlite3_stmt*>::Error("SQLite: empty statement");
    for (; tail && *tail; ++tail) {
      if (*tail != ' ' && *tail != '\n' && *tail != '\t' && *tail != ';') {
        sqlite3_finalize(stmt);
        return Result<sqlite3_stmt*>::Error("SQLite: more than one statement in a query");
      }
    }
    if (cache_.size() >= kMaxCachedStatements) {  // targets make one-off statements
      for (auto& [old_sql, old] : cache_)
        sqlite3_finalize(old);
      cache_.clear();
    }
    cache_.emplace(sql, stmt);
  }
  if (read_only && !sqlite3_stmt_readonly(stmt))
    return Result<sqlite3_stmt*>::Error("SQLite: statement would write; refused");
  return stmt;
}

Status SqliteConnection::Bind(sqlite3_stmt* stmt, const std::vector<SqlParam>& params) {
  if (sqlite3_bind_parameter_count(stmt) != static_cast<int>(params.size()))
    return Status::Error("SQLite: statement expects " +
                         std::to_string(sqlite3_bind_parameter_count(stmt)) + " parameters, " +
                         std::to_string(params.size()) + " given");
  for (size_t i = 0; i < params.size(); ++i) {
    const int idx = static_cast<int>(i + 1);
    // SQLite would store NUL and invalid UTF-8; PostgreSQL cannot, and both
    // stores refuse alike.
    if (const auto* text = std::get_if<std::string>(&params[i])) {
      if (std::string why = CheckStorableText(*text); !why.empty())
        return Status::DataError("SQLite: parameter " + std::to_string(idx) + " has " + why +
                                 ", which text cannot hold");
    }
    int rc = std::visit(
        [&](const auto& v) -> int {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::monostate>)
            return sqlite3_bind_null(stmt, idx);
          else if constexpr (std::is_same_v<T, bool>)
            return sqlite3_bind_int(stmt, idx, v ? 1 : 0);
          else if constexpr (std::is_same_v<T, int64_t>)
            return sqlite3_bind_int64(stmt, idx, v);
          else if constexpr (std::is_same_v<T, double>)
            return sqlite3_bind_double(stmt, idx, v);
          else
            return sqlite3_bind_text64(stmt, idx, v.data(), v.size(), SQLITE_TRANSIENT,
                                       SQLITE_UTF8);
        },
        params[i]);
    if (rc != SQLITE_OK)
      return Status::Error(Error("cannot bind parameter " + std::to_string(idx)));
  }
  return Status::Ok();
}

Result<Rows> SqliteConnection::Run(sqlite3_stmt* stmt, const std::vector<SqlParam>& params) {
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  Status b = Bind(stmt, params);
  if (!b.ok()) return b;
  Rows rows;
  const int ncol = sqlite3_column_count(stmt);
  for (;;) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) {
      std::string msg = Error("statement failed");
      sqlite3_reset(stmt);
      return IsDataError(rc) ? Status::DataError(msg) : Status::Error(msg);
    }
    Row row(ncol);
    for (int c = 0; c < ncol; ++c) {
      if (sqlite3_column_type(stmt, c) == SQLITE_NULL) continue;
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
      row[c] = std::string(text, sqlite3_column_bytes(stmt, c));
    }
    rows.push_back(std::move(row));
  }
  sqlite3_reset(stmt);
  return rows;
}

Result<Rows> SqliteConnection::Query(const std::string& sql, const std::vector<SqlParam>& params) {
  Result<sqlite3_stmt*> stmt = Prepare(sql, false);
  if (!stmt.ok()) return stmt.status();
  return Run(*stmt, params);
}

Result<Rows> SqliteConnection::QueryReadOnly(const std::string& sql,
                                             const std::vector<SqlParam>& params) {
  Result<sqlite3_stmt*> stmt = Prepare(sql, true);
  if (!stmt.ok()) return stmt.status();
  return Run(*stmt, params);
}

Result<int64_t> SqliteConnection::Execute(const std::string& sql,
                                          const std::vector<SqlParam>& params) {
  Result<Rows> r = Query(sql, params);
  if (!r.ok()) return r.status();
  return static_cast<int64_t>(sqlite3_changes64(db_));
}

Status SqliteConnection::ExecuteScript(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return Status::Error("SQLite script failed: " + msg);
  }
  return Status::Ok();
}

Status SqliteConnection::BulkInsert(const std::string& table,
                                    const std::vector<std::string>& columns,
                                    const std::vector<std::vector<SqlParam>>& rows) {
  if (rows.empty() || columns.empty()) return Status::Ok();
  // Multi-row VALUES statements of a fixed size (so they stay cached), then
  // one statement for the remainder.
  const size_t per_stmt = std::min<size_t>(256, kMaxParamsPerStatement / columns.size());
  auto build = [&](size_t nrows) {
    std::string sql = "INSERT INTO " + table + " (";
    for (size_t c = 0; c < columns.size(); ++c)
      sql += (c ? "," : "") + columns[c];
    sql += ") VALUES ";
    int n = 1;
    for (size_t r = 0; r < nrows; ++r) {
      sql += r ? ",(" : "(";
      for (size_t c = 0; c < columns.size(); ++c)
        sql += (c ? ",$" : "$") + std::to_string(n++);
      sql += ")";
    }
    return sql;
  };
  size_t done = 0;
  while (done < rows.size()) {
    const size_t take = std::min(per_stmt, rows.size() - done);
    std::vector<SqlParam> params;
    params.reserve(take * columns.size());
    for (size_t r = done; r < done + take; ++r) {
      if (rows[r].size() != columns.size())
        return Status::Error("bulk insert into " + table + ": row " + std::to_string(r) + " has " +
                             std::to_string(rows[r].size()) + " values, expected " +
                             std::to_string(columns.size()));
      params.insert(params.end(), rows[r].begin(), rows[r].end());
    }
    Result<Rows> res = Query(build(take), params);
    if (!res.ok()) return res.status().Context("bulk insert into " + table);
    done += take;
  }
  return Status::Ok();
}

Result<int64_t> SqliteConnection::BulkUpdate(const std::string& table,
                                             const std::vector<BulkColumn>& columns,
                                             const std::vector<std::vector<SqlParam>>& rows) {
  if (columns.size() < 2) return Result<int64_t>::Error("bulk update needs a key and a column");
  std::string sql = "UPDATE " + table + " SET ";
  for (size_t c = 1; c < columns.size(); ++c)
    sql += (c > 1 ? ", " : "") + columns[c].name + " = $" + std::to_string(c + 1);
  sql += " WHERE " + columns[0].name + " = $1";
  int64_t changed = 0;
  for (size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].size() != columns.size())
      return Result<int64_t>::Error("bulk update of " + table + ": row " + std::to_string(r) +
                                    " has " + std::to_string(rows[r].size()) +
                                    " values, expected " + std::to_string(columns.size()));
    Result<int64_t> n = Execute(sql, rows[r]);
    if (!n.ok()) return n.status().Context("bulk update of " + table);
    changed += *n;
  }
  return changed;
}

Status SqliteConnection::Begin() {
  return ExecuteScript("BEGIN IMMEDIATE");
}

Status SqliteConnection::Commit() {
  return ExecuteScript("COMMIT");
}

void SqliteConnection::Rollback() {
  if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

}  // namespace mig::store
