// Five agents and three commands, and target expressions with the agents
// each one selects: one set of facts that the target tests run against a
// bare SQLite table (unit_target) and against both real stores (the store
// suite), so every compiled form, the PostgreSQL ones included, is checked
// against rows rather than against its own text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/target/target.h"
#include "core/time.h"

namespace mig::test {

struct TargetFixtureAgent {
  int64_t id;
  const char* name;
  const char* queueloc;
  const char* mode;
  int pid;
  Time heartbeat;
  const char* status;
  const char* environment;  // JSON text
  const char* tags;         // JSON text or nullptr (SQL NULL)
  const char* loadername;   // nullptr: SQL NULL
};

struct TargetFixtureCommand {
  int64_t id, action_id, agent_id;
  const char* results;  // JSON text
};

inline std::vector<TargetFixtureAgent> TargetFixtureAgents(const Time& now) {
  return {
      {1, "web1", "linux.aaa", "daemon", 100, now.AddSeconds(-10), "online",
       R"({"os":"linux","ident":"Red Hat 6.5","isproxied":true,"aws":{"instanceid":"i-1"},)"
       R"("addresses":["10.0.0.1","10.0.0.2"],"cores":4})",
       R"({"operator":"IT"})", nullptr},
      {2, "MySQL-db", "linux.bbb", "checkin", 200, now.AddSeconds(-7200), "idle",
       R"({"os":"linux","ident":"CentOS 6.7","isproxied":false,"aws":{"instanceid":null}})", "{}",
       "ld1"},
      {3, "win1", "windows.ccc", "daemon", 300, now.AddSeconds(-60 * 86400), "online",
       R"({"os":"windows","ident":"Windows 10"})", nullptr, nullptr},
      {4, "mac1", "darwin.ddd", "checkin", 400, now.AddSeconds(-100), "offline",
       R"({"os":"darwin","isproxied":"true"})", R"({"operator":"it"})", nullptr},
      {5, "star*[x]?", "linux.eee", "daemon", 500, *ParseTime("2001-01-01T00:00:00Z"), "destroyed",
       "{}", "{}", nullptr},
  };
}

// Action 12345: agent 1 found something in one of two operations, agent 2
// found nothing, agent 3 got no command. Action 999: agent 3 found something.
inline std::vector<TargetFixtureCommand> TargetFixtureCommands() {
  return {
      {10, 12345, 1, R"([{"foundanything":false},{"foundanything":true}])"},
      {11, 12345, 2, R"([{"foundanything":false}])"},
      {12, 999, 3, R"([{"foundanything":true}])"},
  };
}

struct TargetCase {
  std::string target;
  std::vector<int64_t> ids;  // ascending
};

// Every form the compiler knows: comparisons, LIKE and ILIKE with their
// escapes, NOT, IN, IS [NOT] NULL/TRUE, JSON chains (->, ->>, #>, #>>, array
// indexes), numbers, times with intervals, the found/notfound prefixes and
// injection attempts.
inline std::vector<TargetCase> TargetFixtureCases() {
  return {
      {"status='online'", {1, 3}},
      {"queueloc LIKE 'linux.%'", {1, 2, 5}},
      {"agents.queueloc like 'linux.%' AND tags->>'operator'='IT'", {1}},
      {"environment->>'os'='linux'", {1, 2}},
      {"agents.environment->>'os' = 'windows'", {3}},
      {"environment->>'os' IN ('linux','darwin') AND mode='daemon'", {1}},
      {"environment->>'ident' ilike 'red%6.%' or environment->>'ident' ilike 'centos%6.%'", {1, 2}},
      {"tags#>>'{operator}'='IT'", {1}},
      {"name like '%mysql%'", {}},
      {"version='v1' and heartbeattime > NOW() - interval '1 minute'", {1}},
      {"name LIKE 'MySQL%'", {2}},
      {"name ILIKE '%mysql%'", {2}},
      {"name NOT ILIKE '%MYSQL%' AND name NOT LIKE '%1'", {5}},
      {"name LIKE 'web_'", {1}},
      {"name LIKE 'web'", {}},
      {"name LIKE 'star*[x]?'", {5}},
      {"name LIKE 'star_[x]_'", {5}},
      {"name LIKE 'sta[r]%'", {}},
      {"name LIKE 'star\\*%'", {5}},
      {"name LIKE 'star\\%%'", {}},
      {"name ILIKE 'STAR*\\[X]_'", {5}},
      {"environment->>'isproxied' = 'true'", {1, 4}},
      {"environment->>'isproxied' = 'false'", {2}},
      {"environment->>'cores' = '4'", {1}},
      {"environment->'aws'->>'instanceid' = 'i-1'", {1}},
      {"environment->'aws'->>'instanceid' IS NULL", {2, 3, 4, 5}},
      {"environment->'aws'->'instanceid' IS NOT NULL", {1, 2}},
      {"environment->'addresses'->>1 = '10.0.0.2'", {1}},
      {"environment#>>'{addresses,0}' = '10.0.0.1'", {1}},
      {"environment#>'{aws}'->>'instanceid' LIKE 'i-%'", {1}},
      {"tags->>'operator' IN ('IT', 'it')", {1, 4}},
      {"tags IS NULL", {3}},
      {"heartbeattime > NOW() - interval '3 hours'", {1, 2, 4}},
      {"heartbeattime < current_timestamp - interval '1 month'", {3, 5}},
      {"heartbeattime + interval '1 year' < now()", {5}},
      {"heartbeattime > '2000-01-01' AND heartbeattime < '2002-01-01T00:00:00Z'", {5}},
      {"destructiontime > now()", {1, 2, 3, 4, 5}},
      {"pid >= 200 AND NOT (status <> 'idle')", {2}},
      {"pid > 250.5 OR pid = '100'", {1, 3, 4, 5}},
      {"id IN (2, 4) OR loadername IS NOT NULL", {2, 4}},
      {"(pid = 100) IS NOT TRUE AND pid < 400", {2, 3}},
      {"TRUE", {1, 2, 3, 4, 5}},
      {"false OR mode = 'checkin'", {2, 4}},
      {TargetFoundPrefix(12345, true), {1}},
      {TargetFoundPrefix(12345, false), {1, 2}},
      {WithTargetFound(12345, true, "status='online'"), {1}},
      {WithTargetFound(12345, false, "mode='checkin'"), {2}},
      {"agents.id NOT IN (SELECT agentid FROM commands, json_array_elements(commands.results) AS "
       "r WHERE commands.actionid = 12345 AND r#>>'{foundanything}' = 'true')",
       {2, 3, 4, 5}},
      {TargetFoundPrefix(999, true), {3}},
      {TargetFoundPrefix(1, true), {}},
      {"name = 'x'' OR 1=1 --'", {}},
      {"environment->>'os'' OR 1=1' IS NULL AND id = 1", {1}},
      {"name LIKE '%'' OR ''1''=''1'", {}},
  };
}

}  // namespace mig::test
