// The target grammar (core/target/target.h): what an investigator writes in
// an action's target, parsed by mig-api and by the scheduler, compiled to SQL
// for the store.
//
// Properties, for any input:
// * a rejected target is reported at an offset inside the text, and
//   CaretDisplay draws it;
// * an accepted target compiles for PostgreSQL, and for SQLite unless a JSON
//   key holds a double quote (which SQLite paths cannot express);
// * the compiled fragment passes the store's own check (store/sql/
//   placeholders.h CheckFragment: placeholders 1..n, each used, no ';' and
//   no comment outside literals);
// * the SQLite fragment, spliced into the scheduler's query the way
//   SqlStore::ResolveTarget does, prepares and runs without an SQL error on
//   an agents table holding a few agents.
#include <sqlite3.h>

#include <string>
#include <variant>

#include "core/sql_time.h"
#include "core/target/target.h"
#include "fuzz_support.h"
#include "store/sql/placeholders.h"

namespace {

// The tables of tests/unit/target/sqlite_exec_test.cpp: storage.md's
// columns, times in the core/sql_time.h form, JSON as text.
sqlite3* Database() {
  static sqlite3* db = [] {
    sqlite3* d = nullptr;
    if (sqlite3_open(":memory:", &d) != SQLITE_OK) std::abort();
    const std::string now = mig::FormatSqliteTime(mig::Time::FromUnix(1'700'000'000));
    const std::string sql =
        "CREATE TABLE agents (id INTEGER PRIMARY KEY, name TEXT NOT NULL, queueloc TEXT NOT "
        "NULL, mode TEXT NOT NULL, version TEXT NOT NULL, pid INTEGER NOT NULL, starttime TEXT "
        "NOT NULL, destructiontime TEXT, heartbeattime TEXT NOT NULL, refreshtime TEXT NOT NULL, "
        "status TEXT, environment TEXT, tags TEXT, loadername TEXT);"
        "CREATE TABLE commands (id INTEGER PRIMARY KEY, actionid INTEGER NOT NULL, agentid "
        "INTEGER NOT NULL, status TEXT NOT NULL, results TEXT, starttime TEXT NOT NULL, "
        "finishtime TEXT);"
        "INSERT INTO agents VALUES (1, 'web1', 'linux.aaa', 'daemon', 'v1', 100, '" +
        now + "', NULL, '" + now + "', '" + now +
        "', 'online', '{\"os\":\"linux\",\"isproxied\":true,\"addresses\":[\"10.0.0.1\"],"
        "\"aws\":{\"instanceid\":\"i-1\"},\"cores\":4}', '{\"operator\":\"IT\"}', NULL);"
        "INSERT INTO agents VALUES (2, 'db', 'linux.bbb', 'checkin', 'v2', 200, '" +
        now + "', NULL, '" + now + "', '" + now +
        "', 'idle', '{}', NULL, 'ld1');"
        "INSERT INTO commands VALUES (10, 12345, 1, 'success', "
        "'[{\"foundanything\":true}]', '" +
        now + "', NULL);";
    char* err = nullptr;
    if (sqlite3_exec(d, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::fprintf(stderr, "fuzz setup: %s\n", err);
      std::abort();
    }
    return d;
  }();
  return db;
}

void Bind(sqlite3_stmt* st, int index, const mig::SqlParam& p) {
  if (const auto* b = std::get_if<bool>(&p)) sqlite3_bind_int(st, index, *b ? 1 : 0);
  if (const auto* i = std::get_if<int64_t>(&p)) sqlite3_bind_int64(st, index, *i);
  if (const auto* d = std::get_if<double>(&p)) sqlite3_bind_double(st, index, *d);
  if (const auto* s = std::get_if<std::string>(&p)) {
    sqlite3_bind_text(st, index, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
  }
}

void RunOnSqlite(const mig::SqlFragment& f, std::string_view target) {
  // SqlStore::ResolveTarget's SQLite query, with the columns cut to id.
  const std::string sql =
      "SELECT agents.id FROM (SELECT agents.*, row_number() OVER (PARTITION BY agents.queueloc "
      "ORDER BY agents.heartbeattime DESC, agents.id DESC) AS mig_rank FROM agents "
      "WHERE agents.status IN ('online','idle') AND (" +
      f.sql + ")) AS agents WHERE mig_rank = 1 ORDER BY agents.queueloc";
  sqlite3* db = Database();
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    mig::fuzz::Violation(__FILE__, __LINE__, "SQLite refuses the compiled target",
                         std::string(target), std::string(sqlite3_errmsg(db)) + " in " + sql);
  }
  for (size_t i = 0; i < f.params.size(); ++i)
    Bind(st, static_cast<int>(i) + 1, f.params[i]);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) {
    const std::string error = sqlite3_errmsg(db);
    sqlite3_finalize(st);
    mig::fuzz::Violation(__FILE__, __LINE__, "the compiled target fails in SQLite",
                         std::string(target), error + " in " + sql);
  }
  sqlite3_finalize(st);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = mig::fuzz::AsText(data, size);
  mig::TargetError error;
  auto expr = mig::ParseTarget(text, &error);
  if (!expr) {
    MIG_FUZZ_CHECK(error.offset <= text.size(), "error offset beyond the target");
    MIG_FUZZ_CHECK(!error.reason.empty(), "rejected without a reason");
    const std::string caret = mig::CaretDisplay(text, error.offset);
    MIG_FUZZ_CHECK(caret.ends_with("^"), "caret display without a caret");
    return 0;
  }

  auto pg = mig::CompileTarget(*expr, mig::SqlDialect::kPostgres, 1);
  if (!pg) mig::fuzz::Violation(__FILE__, __LINE__, "PostgreSQL compile failed", text, pg.error());
  mig::Status checked = mig::store::CheckFragment(*pg, mig::SqlDialect::kPostgres);
  if (!checked) {
    mig::fuzz::Violation(__FILE__, __LINE__, "the store refuses the PostgreSQL fragment", pg->sql,
                         checked.message());
  }

  auto lite = mig::CompileTarget(*expr, mig::SqlDialect::kSqlite, 1);
  if (!lite) {
    MIG_FUZZ_CHECK(lite.error().find("double quote") != std::string::npos,
                   "SQLite compile failed for another reason than a quoted key");
    return 0;
  }
  checked = mig::store::CheckFragment(*lite, mig::SqlDialect::kSqlite);
  if (!checked) {
    mig::fuzz::Violation(__FILE__, __LINE__, "the store refuses the SQLite fragment", lite->sql,
                         checked.message());
  }
  RunOnSqlite(*lite, text);
  return 0;
}
