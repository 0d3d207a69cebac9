// The shared store suite on a private PostgreSQL server (one per process),
// with a fresh database per test.
#include <libpq-fe.h>
#include <unistd.h>

#include "postgres_server.h"
#include "store_suite.h"

namespace mig::store {
namespace {

struct PostgresBackend {
  static constexpr SqlDialect kDialect = SqlDialect::kPostgres;

  std::string NewDatabase(std::string* error) {
    static int next = 0;
    test::PostgresServer& server = test::PostgresServer::Shared();
    if (!server.ok()) {
      *error = "PostgreSQL test server: " + server.error();
      return "";
    }
    return server.CreateDatabase("t" + std::to_string(getpid()) + "_" + std::to_string(next++),
                                 error);
  }
  static Result<std::unique_ptr<Store>> Open(const std::string& where) {
    return OpenPostgresStore(where);
  }
  static Status RawExec(const std::string& where, const std::string& sql) {
    PGconn* c = PQconnectdb(where.c_str());
    PGresult* r = PQexec(c, sql.c_str());
    Status s =
        PQresultStatus(r) == PGRES_COMMAND_OK ? Status::Ok() : Status::Error(PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
    return s;
  }
};

INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, StoreSuite, PostgresBackend);

}  // namespace
}  // namespace mig::store
