// Connection over libpq: parameters sent as text with int8/float8/bool types
// where the value says so (strings untyped, so the server infers them),
// bulk inserts with COPY, the session in UTC, and one reconnect attempt when
// the link drops outside a transaction.
#pragma once

#include <memory>
#include <string>

#include "store/sql/connection.h"

struct pg_conn;
struct pg_result;

namespace mig::store {

class PgConnection final : public Connection {
 public:
  static Result<std::unique_ptr<PgConnection>> Open(const std::string& conninfo);
  ~PgConnection() override;

  SqlDialect dialect() const override { return SqlDialect::kPostgres; }
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
  explicit PgConnection(pg_conn* c) : conn_(c) {}
  Status SetupSession();
  // Runs a statement; reconnects and retries once if the link was lost.
  Result<pg_result*> Exec(const std::string& sql, const std::vector<SqlParam>& params);
  Result<pg_result*> ExecOnce(const std::string& sql, const std::vector<SqlParam>& params);
  bool Reconnect();

  pg_conn* conn_;
  bool in_tx_ = false;
};

}  // namespace mig::store
