// Dashboard statistics (storage.md 4.3).
#include "store/json_columns.h"
#include "store/sql_rows.h"
#include "store/sql_store.h"

namespace mig::store {
namespace {

constexpr int64_t kDay = 86400;

Result<int64_t> Count(Connection& c, const std::string& sql, const std::vector<SqlParam>& p) {
  Result<Rows> rows = c.Query(sql, p);
  if (!rows.ok()) return rows.status();
  return rows->empty() ? int64_t{0} : ToInt(rows->front()[0]);
}

Result<std::vector<VersionCount>> ByVersion(Connection& c, const std::string& where) {
  Result<Rows> rows = c.Query("SELECT version, COUNT(*) FROM agents a WHERE " + where +
                                  " GROUP BY version ORDER BY version",
                              {});
  if (!rows.ok()) return rows.status();
  std::vector<VersionCount> out;
  for (const Row& r : *rows)
    out.push_back({r[0].value_or(""), ToInt(r[1])});
  return out;
}

int64_t Sum(const std::vector<VersionCount>& v) {
  int64_t n = 0;
  for (const VersionCount& c : v)
    n += c.count;
  return n;
}

}  // namespace

Result<AgentsStats> SqlStore::UpdateAgentsStats(Time now, bool count_new_endpoints) {
  const std::string no_online =
      "NOT EXISTS (SELECT 1 FROM agents o WHERE o.queueloc = a.queueloc AND o.status = 'online')";
  AgentsStats st;
  st.timestamp = now;
  auto online = ByVersion(*c_, "a.status = 'online'");
  auto idle = ByVersion(*c_, "a.status = 'idle' AND " + no_online);
  if (!online.ok()) return online.status();
  if (!idle.ok()) return idle.status();
  st.online_agents_by_version = *online;
  st.online_agents = Sum(*online);
  st.idle_agents_by_version = *idle;
  st.idle_agents = Sum(*idle);
  const SqlParam day_ago = TimeParam(now.AddSeconds(-kDay));
  const SqlParam week_ago = TimeParam(now.AddSeconds(-7 * kDay));
  struct Query {
    int64_t* into;
    std::string sql;
    std::vector<SqlParam> params;
  };
  std::vector<Query> queries = {
      {&st.online_endpoints,
       "SELECT COUNT(DISTINCT queueloc) FROM agents WHERE status = 'online'",
       {}},
      {&st.idle_endpoints,
       "SELECT COUNT(DISTINCT queueloc) FROM agents a WHERE a.status = 'idle' AND " + no_online,
       {}},
      {&st.multi_agents_endpoints,
       "SELECT COUNT(*) FROM (SELECT queueloc FROM agents WHERE status = 'online' "
       "GROUP BY queueloc HAVING COUNT(*) > 1) AS m",
       {}},
      {&st.disappeared_endpoints,
       "SELECT COUNT(DISTINCT queueloc) FROM agents a WHERE a.heartbeattime > $1 AND NOT EXISTS "
       "(SELECT 1 FROM agents o WHERE o.queueloc = a.queueloc AND o.status IN ('online','idle'))",
       {week_ago}},
      {&st.flapping_endpoints,
       "SELECT COUNT(*) FROM (SELECT queueloc FROM agents WHERE status IN ('online','idle') "
       "GROUP BY queueloc HAVING COUNT(*) > 1) AS f",
       {}},
  };
  if (count_new_endpoints) {
    queries.push_back(
        {&st.new_endpoints,
         "SELECT COUNT(DISTINCT queueloc) FROM agents a WHERE a.starttime > $1 AND NOT EXISTS "
         "(SELECT 1 FROM agents o WHERE o.queueloc = a.queueloc AND o.heartbeattime > $2 "
         "AND o.heartbeattime < $1)",
         {day_ago, week_ago}});
  }
  for (const Query& q : queries) {
    Result<int64_t> n = Count(*c_, q.sql, q.params);
    if (!n.ok()) return n.status().Context("agents statistics");
    *q.into = *n;
  }
  Result<int64_t> ins = c_->Execute(
      "INSERT INTO agents_stats (timestamp, online_agents, online_agents_by_version, "
      "online_endpoints, idle_agents, idle_agents_by_version, idle_endpoints, new_endpoints, "
      "multi_agents_endpoints, disappeared_endpoints, flapping_endpoints) "
      "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)",
      {TimeParam(now), st.online_agents, VersionCountsToJson(st.online_agents_by_version),
       st.online_endpoints, st.idle_agents, VersionCountsToJson(st.idle_agents_by_version),
       st.idle_endpoints, st.new_endpoints, st.multi_agents_endpoints, st.disappeared_endpoints,
       st.flapping_endpoints});
  if (!ins.ok()) return ins.status();
  return st;
}

Result<std::optional<AgentsStats>> SqlStore::LatestAgentsStats() {
  Result<Rows> rows = c_->Query(
      "SELECT timestamp, online_agents, online_agents_by_version, online_endpoints, idle_agents, "
      "idle_agents_by_version, idle_endpoints, new_endpoints, multi_agents_endpoints, "
      "disappeared_endpoints, flapping_endpoints FROM agents_stats "
      "ORDER BY timestamp DESC LIMIT 1",
      {});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<AgentsStats>();
  const Row& r = rows->front();
  AgentsStats st;
  Result<Time> ts = ParseDbTimeOr(r[0]);
  auto online = VersionCountsFromJson(r[2].value_or("null"));
  auto idle = VersionCountsFromJson(r[5].value_or("null"));
  if (!ts.ok()) return ts.status();
  if (!online.ok()) return online.status();
  if (!idle.ok()) return idle.status();
  st.timestamp = *ts;
  st.online_agents = ToInt(r[1]);
  st.online_agents_by_version = *online;
  st.online_endpoints = ToInt(r[3]);
  st.idle_agents = ToInt(r[4]);
  st.idle_agents_by_version = *idle;
  st.idle_endpoints = ToInt(r[6]);
  st.new_endpoints = ToInt(r[7]);
  st.multi_agents_endpoints = ToInt(r[8]);
  st.disappeared_endpoints = ToInt(r[9]);
  st.flapping_endpoints = ToInt(r[10]);
  return std::optional<AgentsStats>(std::move(st));
}

}  // namespace mig::store
