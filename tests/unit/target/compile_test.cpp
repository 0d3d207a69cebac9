// What each dialect's SQL and parameters look like, for the examples of
// protocol.md 11 and the other supported forms.
#include <gtest/gtest.h>

#include "target_test_util.h"

namespace mig::test {
namespace {

struct Case {
  const char* target;
  const char* postgres;
  const char* postgres_params;
  const char* sqlite;
  const char* sqlite_params;
};

// SQLite text access to a JSON value: PostgreSQL ->> semantics.
std::string SqliteText(const std::string& column, const std::string& p) {
  return "(CASE json_type(agents." + column + ", " + p + ") WHEN 'text' THEN json_extract(agents." +
         column + ", " + p + ") WHEN 'null' THEN NULL ELSE (agents." + column + " -> " + p +
         ") END)";
}

void Check(const Case& c) {
  SCOPED_TRACE(c.target);
  SqlFragment pg = Compile(c.target, SqlDialect::kPostgres);
  EXPECT_EQ(pg.sql, c.postgres);
  EXPECT_EQ(ParamsText(pg), c.postgres_params);
  SqlFragment lite = Compile(c.target, SqlDialect::kSqlite);
  EXPECT_EQ(lite.sql, c.sqlite);
  EXPECT_EQ(ParamsText(lite), c.sqlite_params);
}

TEST(CompileTarget, ProtocolExamplesSimpleColumns) {
  Check({"status='online'", "(agents.status = $1::text)", "'online'", "(agents.status = ?1)",
         "'online'"});
  Check({"queueloc LIKE 'linux.%'", "(agents.queueloc LIKE $1::text)", "'linux.%'",
         "(agents.queueloc GLOB ?1)", "'linux.*'"});
  Check({"name like '%mysql%'", "(agents.name LIKE $1::text)", "'%mysql%'", "(agents.name GLOB ?1)",
         "'*mysql*'"});
  Check({"queueloc='linux.4bvmnn1t'", "(agents.queueloc = $1::text)", "'linux.4bvmnn1t'",
         "(agents.queueloc = ?1)", "'linux.4bvmnn1t'"});
}

TEST(CompileTarget, ProtocolExamplesJson) {
  const std::string os = SqliteText("environment", "?1");
  Check({"environment->>'os'='linux'", "((agents.environment ->> $1::text) = $2::text)",
         "'os', 'linux'", ("(" + os + " = ?2)").c_str(), "'$.\"os\"', 'linux'"});
  Check({"agents.environment->>'os' = 'windows'", "((agents.environment ->> $1::text) = $2::text)",
         "'os', 'windows'", ("(" + os + " = ?2)").c_str(), "'$.\"os\"', 'windows'"});
  Check({"environment->>'os' IN ('linux','darwin') AND mode='daemon'",
         "(((agents.environment ->> $1::text) IN ($2::text, $3::text)) AND (agents.mode = "
         "$4::text))",
         "'os', 'linux', 'darwin', 'daemon'",
         ("((" + SqliteText("environment", "?1") + " IN (?2, ?3)) AND (agents.mode = ?4))").c_str(),
         "'$.\"os\"', 'linux', 'darwin', 'daemon'"});
  Check({"agents.queueloc like 'linux.%' AND tags->>'operator'='IT'",
         "((agents.queueloc LIKE $1::text) AND ((agents.tags ->> $2::text) = $3::text))",
         "'linux.%', 'operator', 'IT'",
         ("((agents.queueloc GLOB ?1) AND (" + SqliteText("tags", "?2") + " = ?3))").c_str(),
         "'linux.*', '$.\"operator\"', 'IT'"});
  Check({"tags#>>'{operator}'='IT'", "((agents.tags #>> ARRAY[$1::text]) = $2::text)",
         "'operator', 'IT'", ("(" + SqliteText("tags", "?1") + " = ?2)").c_str(),
         "'$.\"operator\"', 'IT'"});
  Check({"queueloc LIKE 'linux.%' AND environment->>'isproxied' = 'true'",
         "((agents.queueloc LIKE $1::text) AND ((agents.environment ->> $2::text) = $3::text))",
         "'linux.%', 'isproxied', 'true'",
         ("((agents.queueloc GLOB ?1) AND (" + SqliteText("environment", "?2") + " = ?3))").c_str(),
         "'linux.*', '$.\"isproxied\"', 'true'"});
}

TEST(CompileTarget, ProtocolExampleIlikeOr) {
  Check({"environment->>'ident' ilike 'red%6.%' or environment->>'ident' ilike 'centos%6.%'",
         "(((agents.environment ->> $1::text) ILIKE $2::text) OR ((agents.environment ->> "
         "$3::text) ILIKE $4::text))",
         "'ident', 'red%6.%', 'ident', 'centos%6.%'",
         ("((" + SqliteText("environment", "?1") + " LIKE ?2 ESCAPE '\\') OR (" +
          SqliteText("environment", "?3") + " LIKE ?4 ESCAPE '\\'))")
             .c_str(),
         "'$.\"ident\"', 'red%6.%', '$.\"ident\"', 'centos%6.%'"});
}

TEST(CompileTarget, ProtocolExampleHeartbeatInterval) {
  Check({"version='201409171023+c4d6f50.prod' and heartbeattime > NOW() - interval '1 minute'",
         "((agents.version = $1::text) AND (agents.heartbeattime > (now() - make_interval(months "
         "=> $2::int, secs => $3::double precision))))",
         "'201409171023+c4d6f50.prod', 0, d:60.000000",
         "((agents.version = ?1) AND (agents.heartbeattime > (strftime('%Y-%m-%dT%H:%M:%f', "
         "'now', ?2) || '000000Z')))",
         "'201409171023+c4d6f50.prod', '-60.000000 seconds'"});
}

TEST(CompileTarget, ProtocolExampleTargetFound) {
  Check(
      {"id IN (select agentid from commands, json_array_elements(commands.results) as r "
       "where actionid=12345 and r#>>'{foundanything}' = 'true')",
       "(EXISTS (SELECT 1 FROM commands, json_array_elements(commands.results::json) AS r "
       "WHERE commands.agentid = agents.id AND commands.actionid = $1::numeric AND (r ->> "
       "'foundanything') = $2::text))",
       "12345, 'true'",
       "(EXISTS (SELECT 1 FROM commands, json_each(commands.results) AS r WHERE "
       "commands.agentid = agents.id AND commands.actionid = ?1 AND json_type(r.value, "
       "'$.foundanything') = ?2))",
       "12345, 'true'"});
}

TEST(CompileTarget, JsonChainsAndIndexes) {
  Check({"environment->'aws'->>'instanceid' = 'i-1'",
         "((agents.environment -> $1::text ->> $2::text) = $3::text)", "'aws', 'instanceid', 'i-1'",
         ("(" + SqliteText("environment", "?1") + " = ?2)").c_str(),
         "'$.\"aws\".\"instanceid\"', 'i-1'"});
  Check({"environment->'addresses'->>0 = '10.0.0.1'",
         "((agents.environment -> $1::text ->> $2::int) = $3::text)", "'addresses', 0, '10.0.0.1'",
         ("(" + SqliteText("environment", "?1") + " = ?2)").c_str(),
         "'$.\"addresses\"[0]', '10.0.0.1'"});
  Check({"environment#>>'{aws, \"instance id\", 2}' = 'x'",
         "((agents.environment #>> ARRAY[$1::text, $2::text, $3::text]) = $4::text)",
         "'aws', 'instance id', '2', 'x'",
         ("(" + SqliteText("environment", "?1") + " = ?2)").c_str(),
         "'$.\"aws\".\"instance id\"[2]', 'x'"});
  Check({"environment->'aws' IS NOT NULL", "((agents.environment -> $1::text) IS NOT NULL)",
         "'aws'", "((agents.environment -> ?1) IS NOT NULL)", "'$.\"aws\"'"});
  Check({"environment#>'{aws}'->>'region' = 'x'",
         "((agents.environment #> ARRAY[$1::text] ->> $2::text) = $3::text)",
         "'aws', 'region', 'x'", ("(" + SqliteText("environment", "?1") + " = ?2)").c_str(),
         "'$.\"aws\".\"region\"', 'x'"});
}

TEST(CompileTarget, ComparisonsAndLogic) {
  Check({"pid >= 100 AND NOT (status <> 'idle')",
         "((agents.pid >= $1::bigint) AND (NOT (agents.status <> $2::text)))", "100, 'idle'",
         "((agents.pid >= ?1) AND (NOT (agents.status <> ?2)))", "100, 'idle'"});
  Check({"pid != -5 OR pid < 2.5 OR pid <= '7' OR pid > 1e3",
         "((agents.pid <> $1::bigint) OR (agents.pid < $2::double precision) OR (agents.pid <= "
         "$3::bigint) OR (agents.pid > $4::double precision))",
         "-5, d:2.500000, 7, d:1000.000000",
         "((agents.pid <> ?1) OR (agents.pid < ?2) OR (agents.pid <= ?3) OR (agents.pid > ?4))",
         "-5, d:2.500000, 7, d:1000.000000"});
  // AND binds tighter than OR; NOT tighter than AND.
  Check({"NOT mode='a' OR mode='b' AND mode='c'",
         "((NOT (agents.mode = $1::text)) OR ((agents.mode = $2::text) AND (agents.mode = "
         "$3::text)))",
         "'a', 'b', 'c'",
         "((NOT (agents.mode = ?1)) OR ((agents.mode = ?2) AND (agents.mode = ?3)))",
         "'a', 'b', 'c'"});
  Check({"name NOT LIKE 'a\\_b*%' AND name NOT ILIKE 'X%' AND status NOT IN ('offline')",
         "((agents.name NOT LIKE $1::text) AND (agents.name NOT ILIKE $2::text) AND (agents.status "
         "NOT IN ($3::text)))",
         "'a\\_b*%', 'X%', 'offline'",
         "((agents.name NOT GLOB ?1) AND (agents.name NOT LIKE ?2 ESCAPE '\\') AND (agents.status "
         "NOT IN (?3)))",
         "'a_b[*]*', 'X%', 'offline'"});
  Check({"loadername IS NULL OR tags IS NOT NULL",
         "((agents.loadername IS NULL) OR (agents.tags IS NOT NULL))", "",
         "((agents.loadername IS NULL) OR (agents.tags IS NOT NULL))", ""});
  Check({"(pid = 1) IS NOT TRUE AND (pid = 2) IS FALSE",
         "(((agents.pid = $1::bigint) IS NOT TRUE) AND ((agents.pid = $2::bigint) IS FALSE))",
         "1, 2", "(((agents.pid = ?1) IS NOT TRUE) AND ((agents.pid = ?2) IS FALSE))", "1, 2"});
  Check({"TRUE", "$1::boolean", "true", "?1", "true"});
  Check({"'a' = 'a'", "($1::text = $2::text)", "'a', 'a'", "(?1 = ?2)", "'a', 'a'"});
}

TEST(CompileTarget, Times) {
  Check({"heartbeattime > '2024-01-02T03:04:05Z' OR starttime <= '2020-01-01'",
         "((agents.heartbeattime > $1::timestamptz) OR (agents.starttime <= $2::timestamptz))",
         "'2024-01-02T03:04:05Z', '2020-01-01T00:00:00Z'",
         "((agents.heartbeattime > ?1) OR (agents.starttime <= ?2))",
         "'2024-01-02T03:04:05.000000000Z', '2020-01-01T00:00:00.000000000Z'"});
  Check({"refreshtime < current_timestamp - interval '1 month 2 days'",
         "(agents.refreshtime < (now() - make_interval(months => $1::int, secs => $2::double "
         "precision)))",
         "1, d:172800.000000",
         "(agents.refreshtime < (strftime('%Y-%m-%dT%H:%M:%f', 'now', ?1, ?2) || '000000Z'))",
         "'-1 months', '-172800.000000 seconds'"});
  Check({"heartbeattime + interval '5 hours' > now()",
         "((agents.heartbeattime + make_interval(months => $1::int, secs => $2::double precision)) "
         "> now())",
         "0, d:18000.000000",
         "((strftime('%Y-%m-%dT%H:%M:%f', agents.heartbeattime, ?1) || '000000Z') > "
         "(strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000000Z'))",
         "'+18000.000000 seconds'"});
}

TEST(CompileTarget, TargetFoundVariants) {
  // Uppercase, qualified names, AS omitted, notfound, NOT IN: as in MIG's docs.
  SqlFragment f = Compile(
      "agents.id NOT IN ( SELECT commands.agentid FROM commands, json_array_elements("
      "commands.results) res WHERE commands.actionid = 7 AND res#>>'{foundanything}' = 'false') "
      "AND status='online'",
      SqlDialect::kSqlite);
  EXPECT_EQ(f.sql.substr(0, 14), "((NOT (EXISTS ");
  EXPECT_EQ(ParamsText(f), "7, 'false', 'online'");
}

TEST(CompileTarget, ParametersStartAtFirstParam) {
  SqlFragment pg = Compile("name='a' OR pid=3", SqlDialect::kPostgres, 5);
  EXPECT_EQ(pg.sql, "((agents.name = $5::text) OR (agents.pid = $6::bigint))");
  SqlFragment lite = Compile("name='a' OR pid=3", SqlDialect::kSqlite, 12);
  EXPECT_EQ(lite.sql, "((agents.name = ?12) OR (agents.pid = ?13))");
  Result<TargetExpr> e = ParseTarget("name='a'");
  ASSERT_TRUE(e.ok());
  EXPECT_FALSE(CompileTarget(*e, SqlDialect::kSqlite, 0).ok());
}

TEST(CompileTarget, UserTextNeverInSql) {
  const char* hostile[] = {
      "name = 'x'' OR 1=1) --'",
      "environment->>'os\"; DROP TABLE agents; --' = 'y'",
      "tags#>>'{\"a) OR (1=1\"}' = 'z'",
      "name LIKE '%'' UNION SELECT privatekey FROM investigators --'",
  };
  for (const char* target : hostile) {
    for (SqlDialect d : {SqlDialect::kPostgres, SqlDialect::kSqlite}) {
      Result<TargetExpr> e = ParseTarget(target);
      ASSERT_TRUE(e.ok()) << target << ": " << e.error();
      Result<SqlFragment> f = CompileTarget(*e, d, 1);
      if (!f.ok()) continue;  // SQLite refuses '"' in keys: also fine
      for (const char* word : {"DROP", "UNION", "1=1", "--", "OR (", "privatekey"}) {
        EXPECT_EQ(f->sql.find(word), std::string::npos) << target << " -> " << f->sql;
      }
    }
  }
}

TEST(CompileTarget, SqliteRejectsDoubleQuoteInJsonKey) {
  Result<TargetExpr> e = ParseTarget("environment->>'a\"b' = 'x'");
  ASSERT_TRUE(e.ok()) << e.error();
  Result<SqlFragment> lite = CompileTarget(*e, SqlDialect::kSqlite, 1);
  ASSERT_FALSE(lite.ok());
  EXPECT_NE(lite.error().find("double quote"), std::string::npos);
  EXPECT_TRUE(CompileTarget(*e, SqlDialect::kPostgres, 1).ok());
}

}  // namespace
}  // namespace mig::test
