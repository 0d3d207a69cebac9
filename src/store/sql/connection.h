// A database connection as the SQL store sees it: text rows out, typed
// parameters in. SQLite and PostgreSQL each implement it once; every query
// of the store is written against this, so both stores share their logic.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/sql_fragment.h"
#include "core/status.h"

namespace mig::store {

// A column of BulkUpdate: its name and its PostgreSQL type (the VALUES list
// casts each parameter to it; SQLite ignores it).
struct BulkColumn {
  std::string name;
  std::string pg_type;
};

// One result row: each column as text, nullopt for SQL NULL. Booleans read
// "1"/"0" (SQLite) or "t"/"f" (PostgreSQL); see ParseDbBool.
using Row = std::vector<std::optional<std::string>>;
using Rows = std::vector<Row>;

class Connection {
 public:
  virtual ~Connection() = default;
  virtual SqlDialect dialect() const = 0;

  // Runs one statement. Placeholders are "$N" for both dialects (the SQLite
  // driver renumbers them as "?N"). Returns the rows the statement produced.
  virtual Result<Rows> Query(const std::string& sql, const std::vector<SqlParam>& params) = 0;
  // Like Query, but the statement must not write (user-derived SQL runs here).
  virtual Result<Rows> QueryReadOnly(const std::string& sql,
                                     const std::vector<SqlParam>& params) = 0;
  // Runs one statement and returns the number of rows it changed.
  virtual Result<int64_t> Execute(const std::string& sql, const std::vector<SqlParam>& params) = 0;
  // Runs a script of several statements without parameters (migrations).
  virtual Status ExecuteScript(const std::string& sql) = 0;
  // Appends rows to a table in bulk (COPY on PostgreSQL, one prepared insert
  // in the current transaction on SQLite). Must be called inside Begin/Commit.
  virtual Status BulkInsert(const std::string& table, const std::vector<std::string>& columns,
                            const std::vector<std::vector<SqlParam>>& rows) = 0;
  // Sets columns[1..] of the rows whose columns[0] (the key) matches, in bulk:
  // one UPDATE ... FROM (VALUES ...) per chunk on PostgreSQL (one round trip
  // for hundreds of rows), one cached prepared UPDATE per row on SQLite (no
  // round trip to save). Keys must be unique within `rows`. Returns the number
  // of rows changed. Must be called inside Begin/Commit.
  virtual Result<int64_t> BulkUpdate(const std::string& table,
                                     const std::vector<BulkColumn>& columns,
                                     const std::vector<std::vector<SqlParam>>& rows) = 0;

  // A write transaction. SQLite takes the write lock at Begin (IMMEDIATE) so
  // two processes never both read-then-write the same rows.
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual void Rollback() = 0;
};

// Rolls back on scope exit unless Commit() was called.
class Transaction {
 public:
  explicit Transaction(Connection& c) : c_(c) {}
  ~Transaction() {
    if (open_) c_.Rollback();
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  Status Begin() {
    Status s = c_.Begin();
    open_ = s.ok();
    return s;
  }
  Status Commit() {
    open_ = false;
    return c_.Commit();
  }

 private:
  Connection& c_;
  bool open_ = false;
};

}  // namespace mig::store
