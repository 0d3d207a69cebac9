// The shared store suite on SQLite files in a temporary directory.
#include <sqlite3.h>

#include "store_suite.h"

namespace mig::store {
namespace {

struct SqliteBackend {
  static constexpr SqlDialect kDialect = SqlDialect::kSqlite;
  test::TempDir dir{"mig-store"};
  int next = 0;

  std::string NewDatabase(std::string* /*error*/) {
    return dir.Sub("db" + std::to_string(next++) + ".sqlite");
  }
  static Result<std::unique_ptr<Store>> Open(const std::string& where) {
    return OpenSqliteStore(where);
  }
  // Writes behind the store's back (to plant bad data).
  static Status RawExec(const std::string& where, const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open(where.c_str(), &db);
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    std::string msg = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(db);
    return rc == SQLITE_OK ? Status::Ok() : Status::Error(msg);
  }
};

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, StoreSuite, SqliteBackend);

}  // namespace
}  // namespace mig::store
