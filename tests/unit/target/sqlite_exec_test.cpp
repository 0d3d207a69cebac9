// Runs compiled targets against a real SQLite agents table (storage.md 2.4
// columns, times in the core/sql_time.h form) and checks which rows match.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <vector>

#include "core/sql_time.h"
#include "core/target/target.h"
#include "target_fixture.h"

namespace mig {
namespace {

class SqliteTargets : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
    Exec(
        "CREATE TABLE agents (id INTEGER PRIMARY KEY, name TEXT NOT NULL, queueloc TEXT NOT "
        "NULL, mode TEXT NOT NULL, version TEXT NOT NULL, pid INTEGER NOT NULL, starttime TEXT "
        "NOT NULL, destructiontime TEXT, heartbeattime TEXT NOT NULL, refreshtime TEXT NOT NULL, "
        "status TEXT, environment TEXT, tags TEXT, loadername TEXT);"
        "CREATE TABLE commands (id INTEGER PRIMARY KEY, actionid INTEGER NOT NULL, agentid "
        "INTEGER NOT NULL, status TEXT NOT NULL, results TEXT, starttime TEXT NOT NULL, "
        "finishtime TEXT);");
    for (const test::TargetFixtureAgent& a : test::TargetFixtureAgents(Time::Now()))
      AddAgent(a.id, a.name, a.queueloc, a.mode, a.pid, a.heartbeat, a.status, a.environment,
               a.tags, a.loadername);
    for (const test::TargetFixtureCommand& c : test::TargetFixtureCommands())
      Exec("INSERT INTO commands VALUES (" + std::to_string(c.id) + ", " +
           std::to_string(c.action_id) + ", " + std::to_string(c.agent_id) + ", 'success', '" +
           c.results + "', '', '');");
  }
  void TearDown() override { sqlite3_close(db_); }

  void Exec(const std::string& sql) {
    char* err = nullptr;
    ASSERT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << err;
  }

  void AddAgent(int64_t id, const char* name, const char* queueloc, const char* mode, int pid,
                Time heartbeat, const char* status, const char* env, const char* tags,
                const char* loadername) {
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db_,
                                 "INSERT INTO agents VALUES (?1, ?2, ?3, ?4, 'v1', ?5, ?6, ?7, ?6, "
                                 "?6, ?8, ?9, ?10, ?11)",
                                 -1, &st, nullptr),
              SQLITE_OK);
    const std::string hb = FormatSqliteTime(heartbeat);
    const std::string sentinel = FormatSqliteTime(Time::FinishSentinel());
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, queueloc, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, mode, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 5, pid);
    sqlite3_bind_text(st, 6, hb.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, sentinel.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 8, status, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 9, env, -1, SQLITE_TRANSIENT);
    if (tags) sqlite3_bind_text(st, 10, tags, -1, SQLITE_TRANSIENT);
    if (loadername) sqlite3_bind_text(st, 11, loadername, -1, SQLITE_TRANSIENT);
    ASSERT_EQ(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
  }

  void Bind(sqlite3_stmt* st, int index, const SqlParam& p) {
    if (const auto* b = std::get_if<bool>(&p)) sqlite3_bind_int(st, index, *b ? 1 : 0);
    if (const auto* i = std::get_if<int64_t>(&p)) sqlite3_bind_int64(st, index, *i);
    if (const auto* d = std::get_if<double>(&p)) sqlite3_bind_double(st, index, *d);
    if (const auto* s = std::get_if<std::string>(&p)) {
      sqlite3_bind_text(st, index, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
    }
  }

  // IDs of the agents the target selects; `statuses` restricts like the
  // scheduler does (its own parameter ?1, the target's from ?2).
  std::vector<int64_t> Select(const std::string& target, const char* status = nullptr) {
    std::vector<int64_t> ids;
    Result<TargetExpr> expr = ParseTarget(target);
    EXPECT_TRUE(expr.ok()) << expr.error();
    if (!expr.ok()) return ids;
    const int first = status ? 2 : 1;
    Result<SqlFragment> f = CompileTarget(*expr, SqlDialect::kSqlite, first);
    EXPECT_TRUE(f.ok()) << f.error();
    if (!f.ok()) return ids;
    const std::string sql = std::string("SELECT id FROM agents WHERE ") +
                            (status ? "agents.status = ?1 AND " : "") + "(" + f->sql +
                            ") ORDER BY id";
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db_) << "\n"
        << sql;
    if (!st) return ids;
    if (status) sqlite3_bind_text(st, 1, status, -1, SQLITE_TRANSIENT);
    for (size_t i = 0; i < f->params.size(); ++i) {
      Bind(st, first + static_cast<int>(i), f->params[i]);
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
      ids.push_back(sqlite3_column_int64(st, 0));
    EXPECT_EQ(rc, SQLITE_DONE) << sqlite3_errmsg(db_) << "\n" << sql;
    sqlite3_finalize(st);
    return ids;
  }

  sqlite3* db_ = nullptr;
};

using Ids = std::vector<int64_t>;

TEST_F(SqliteTargets, ProtocolExamples) {
  EXPECT_EQ(Select("status='online'"), (Ids{1, 3}));
  EXPECT_EQ(Select("queueloc LIKE 'linux.%'"), (Ids{1, 2, 5}));
  EXPECT_EQ(Select("agents.queueloc like 'linux.%' AND tags->>'operator'='IT'"), (Ids{1}));
  EXPECT_EQ(Select("environment->>'os'='linux'"), (Ids{1, 2}));
  EXPECT_EQ(Select("agents.environment->>'os' = 'windows'"), (Ids{3}));
  EXPECT_EQ(Select("environment->>'os' IN ('linux','darwin') AND mode='daemon'"), (Ids{1}));
  EXPECT_EQ(Select("environment->>'ident' ilike 'red%6.%' or environment->>'ident' ilike "
                   "'centos%6.%'"),
            (Ids{1, 2}));
  EXPECT_EQ(Select("queueloc LIKE 'linux.%' AND environment->>'isproxied' = 'true'"), (Ids{1}));
  EXPECT_EQ(Select("tags#>>'{operator}'='IT'"), (Ids{1}));
  EXPECT_EQ(Select("name like '%mysql%'"), (Ids{}));  // LIKE is case-sensitive, as in PostgreSQL
  EXPECT_EQ(Select("version='v1' and heartbeattime > NOW() - interval '1 minute'"), (Ids{1}));
  EXPECT_EQ(Select("queueloc='linux.bbb'"), (Ids{2}));
  EXPECT_EQ(Select(TargetFoundPrefix(12345, true)), (Ids{1}));
}

// The cases the store suite also runs on both real stores.
TEST_F(SqliteTargets, SharedFixtureCases) {
  for (const test::TargetCase& c : test::TargetFixtureCases())
    EXPECT_EQ(Select(c.target), c.ids) << c.target;
}

TEST_F(SqliteTargets, TargetFoundAndNotFound) {
  // MIG semantics: "notfound" = some operation of the command found nothing.
  EXPECT_EQ(Select(TargetFoundPrefix(12345, false)), (Ids{1, 2}));
  EXPECT_EQ(Select(WithTargetFound(12345, true, "status='online'")), (Ids{1}));
  EXPECT_EQ(Select(WithTargetFound(12345, false, "mode='checkin'")), (Ids{2}));
  EXPECT_EQ(Select("agents.id NOT IN (SELECT agentid FROM commands, json_array_elements(commands."
                   "results) AS r WHERE commands.actionid = 12345 AND r#>>'{foundanything}' = "
                   "'true')"),
            (Ids{2, 3, 4, 5}));
  EXPECT_EQ(Select(TargetFoundPrefix(999, true)), (Ids{3}));
  EXPECT_EQ(Select(TargetFoundPrefix(1, true)), (Ids{}));
}

TEST_F(SqliteTargets, LikeIsCaseSensitiveAndIlikeIsNot) {
  EXPECT_EQ(Select("name LIKE 'MySQL%'"), (Ids{2}));
  EXPECT_EQ(Select("name ILIKE '%mysql%'"), (Ids{2}));
  EXPECT_EQ(Select("name NOT ILIKE '%MYSQL%' AND name NOT LIKE '%1'"), (Ids{5}));
  EXPECT_EQ(Select("name LIKE 'web_'"), (Ids{1}));
  EXPECT_EQ(Select("name LIKE 'web'"), (Ids{}));
  // GLOB metacharacters in a LIKE pattern are literal.
  EXPECT_EQ(Select("name LIKE 'star*[x]?'"), (Ids{5}));
  EXPECT_EQ(Select("name LIKE 'star_[x]_'"), (Ids{5}));
  EXPECT_EQ(Select("name LIKE 'sta[r]%'"), (Ids{}));
  EXPECT_EQ(Select("name LIKE 'star\\*%'"), (Ids{5}));
  EXPECT_EQ(Select("name LIKE 'star\\%%'"), (Ids{}));
  EXPECT_EQ(Select("name ILIKE 'STAR*\\[X]_'"), (Ids{5}));
}

TEST_F(SqliteTargets, JsonAccessFollowsPostgresText) {
  // ->> of a JSON boolean is 'true'; of a number, its text; of JSON null, NULL.
  EXPECT_EQ(Select("environment->>'isproxied' = 'true'"), (Ids{1, 4}));
  EXPECT_EQ(Select("environment->>'isproxied' = 'false'"), (Ids{2}));
  EXPECT_EQ(Select("environment->>'cores' = '4'"), (Ids{1}));
  EXPECT_EQ(Select("environment->'aws'->>'instanceid' = 'i-1'"), (Ids{1}));
  EXPECT_EQ(Select("environment->'aws'->>'instanceid' IS NULL"), (Ids{2, 3, 4, 5}));
  EXPECT_EQ(Select("environment->'aws'->'instanceid' IS NOT NULL"), (Ids{1, 2}));
  EXPECT_EQ(Select("environment->'addresses'->>1 = '10.0.0.2'"), (Ids{1}));
  EXPECT_EQ(Select("environment#>>'{addresses,0}' = '10.0.0.1'"), (Ids{1}));
  EXPECT_EQ(Select("environment#>'{aws}'->>'instanceid' LIKE 'i-%'"), (Ids{1}));
  EXPECT_EQ(Select("tags->>'operator' IN ('IT', 'it')"), (Ids{1, 4}));
  EXPECT_EQ(Select("tags IS NULL"), (Ids{3}));
}

TEST_F(SqliteTargets, TimesNumbersAndLogic) {
  EXPECT_EQ(Select("heartbeattime > NOW() - interval '3 hours'"), (Ids{1, 2, 4}));
  EXPECT_EQ(Select("heartbeattime < current_timestamp - interval '1 month'"), (Ids{3, 5}));
  EXPECT_EQ(Select("heartbeattime + interval '1 year' < now()"), (Ids{5}));
  EXPECT_EQ(Select("heartbeattime > '2000-01-01' AND heartbeattime < '2002-01-01T00:00:00Z'"),
            (Ids{5}));
  EXPECT_EQ(Select("destructiontime > now()"), (Ids{1, 2, 3, 4, 5}));
  EXPECT_EQ(Select("pid >= 200 AND NOT (status <> 'idle')"), (Ids{2}));
  EXPECT_EQ(Select("pid > 250.5 OR pid = '100'"), (Ids{1, 3, 4, 5}));
  EXPECT_EQ(Select("id IN (2, 4) OR loadername IS NOT NULL"), (Ids{2, 4}));
  EXPECT_EQ(Select("(pid = 100) IS NOT TRUE AND pid < 400"), (Ids{2, 3}));
  EXPECT_EQ(Select("TRUE"), (Ids{1, 2, 3, 4, 5}));
  EXPECT_EQ(Select("false OR mode = 'checkin'"), (Ids{2, 4}));
}

TEST_F(SqliteTargets, EmbeddedAfterQueryParameters) {
  EXPECT_EQ(Select("mode='daemon'", "online"), (Ids{1, 3}));
  EXPECT_EQ(Select(WithTargetFound(12345, false, "pid > 0"), "idle"), (Ids{2}));
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i)
    out += s;
  return out;
}

// Found by tests/fuzz/target_fuzz.cpp. A chain of 1,000 ORs (8 kB of the
// 16 kB a target may have) compiled to an expression deeper than SQLite's
// limit of 1000; the deepest nesting the parser accepts must also fit
// SQLite's parser stack inside the scheduler's query (SqlStore::ResolveTarget).
TEST_F(SqliteTargets, LongChainsAndDeepNestingRun) {
  std::string ors = "pid=0";
  for (int i = 1; i < 1100; ++i)
    ors += " OR pid=" + std::to_string(i);
  EXPECT_EQ(Select(ors), (Ids{1, 2, 3, 4, 5}));
  EXPECT_EQ(Select("pid > 0" + Repeat(" AND pid > 0", 1099)), (Ids{1, 2, 3, 4, 5}));
  EXPECT_EQ(Select(Repeat("NOT ", 18) + "mode = 'daemon'"), (Ids{1, 3, 5}));
  EXPECT_EQ(Select("heartbeattime > now()" + Repeat(" - interval '1 day'", 9)), (Ids{1, 2, 4}));
  EXPECT_EQ(Select(Repeat("NOT ", 16) + TargetFoundPrefix(12345, true)), (Ids{1}));
  EXPECT_EQ(Select(Repeat("(id=9 OR ", 19) + "id=2" + std::string(19, ')')), (Ids{2}));
  // The same targets inside the scheduler's query.
  for (const std::string& target : {ors, Repeat("NOT ", 18) + "mode = 'daemon'",
                                    "heartbeattime > now()" + Repeat(" - interval '1 day'", 9),
                                    Repeat("NOT ", 16) + TargetFoundPrefix(12345, true),
                                    Repeat("(id=9 OR ", 19) + "id=2" + std::string(19, ')')}) {
    Result<TargetExpr> expr = ParseTarget(target);
    ASSERT_TRUE(expr.ok()) << expr.error();
    Result<SqlFragment> f = CompileTarget(*expr, SqlDialect::kSqlite, 1);
    ASSERT_TRUE(f.ok()) << f.error();
    const std::string sql =
        "SELECT agents.id FROM (SELECT agents.*, row_number() OVER (PARTITION BY "
        "agents.queueloc ORDER BY agents.heartbeattime DESC, agents.id DESC) AS mig_rank FROM "
        "agents WHERE agents.status IN ('online','idle') AND (" +
        f->sql + ")) AS agents WHERE mig_rank = 1 ORDER BY agents.queueloc";
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db_) << "\n"
        << target;
    sqlite3_finalize(st);
  }
}

TEST_F(SqliteTargets, InjectionAttemptsAreJustStrings) {
  EXPECT_EQ(Select("name = 'x'' OR 1=1 --'"), (Ids{}));
  EXPECT_EQ(Select("environment->>'os'' OR 1=1' IS NULL AND id = 1"), (Ids{1}));
  EXPECT_EQ(Select("name LIKE '%'' OR ''1''=''1'"), (Ids{}));
  Exec("SELECT count(*) FROM agents");  // table still there
}

}  // namespace
}  // namespace mig
