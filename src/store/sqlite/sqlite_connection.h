// Connection over one SQLite database file: WAL journal, busy timeout,
// foreign keys on, prepared statements cached by SQL text.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "store/sql/connection.h"

struct sqlite3;
struct sqlite3_stmt;

namespace mig::store {

class SqliteConnection final : public Connection {
 public:
  static Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path);
  ~SqliteConnection() override;

  SqlDialect dialect() const override { return SqlDialect::kSqlite; }
  Result<Rows> Query(const std::string& sql, const std::vector<SqlParam>& params) override;
  Result<Rows> QueryReadOnly(const std::string& sql, const std::vector<SqlParam>& params) override;
  Result<int64_t> Execute(const std::string& sql, const std::vector<SqlParam>& params) override;
  Status ExecuteScript(const std::string& sql) override;
  Status BulkInsert(const std::string& table, const std::vector<std::string>& columns,
                    const std::vector<std::vector<SqlParam>>& rows) override;
  Result<int64_t> BulkUpdate(const std::string& table, const std::vector<BulkColumn>& columns,
                             const std::vector<std::vector<SqlParam>>& rows) override;
  Status Begin() override;
  Status Commit() override;
  void Rollback() override;

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  Result<sqlite3_stmt*> Prepare(const std::string& sql, bool read_only);
  Status Bind(sqlite3_stmt* stmt, const std::vector<SqlParam>& params);
  Result<Rows> Run(sqlite3_stmt* stmt, const std::vector<SqlParam>& params);
  std::string Error(const std::string& what) const;

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace mig::store
