// Agents: heartbeats, status sweeps, duplicates, target resolution, reads.
#include <algorithm>
#include <map>
#include <set>

#include "core/utf8.h"
#include "store/in_list.h"
#include "store/json_columns.h"
#include "store/sql/placeholders.h"
#include "store/sql_rows.h"
#include "store/sql_store.h"

namespace mig::store {
namespace {

// protocol.md 6.2 limits, applied to both heartbeat channels. Text that a
// column cannot hold (NUL, invalid UTF-8) is refused on both stores alike;
// the environment and tags, JSON columns, are cleaned (StorableJson).
std::string CheckHeartbeat(const Agent& a, Time now) {
  for (const auto& [field, value] : {std::pair<const char*, const std::string&>{"name", a.name},
                                     {"queueloc", a.queue_loc},
                                     {"version", a.version},
                                     {"mode", a.mode}}) {
    if (std::string why = CheckStorableText(value); !why.empty())
      return std::string("heartbeat ") + field + " has " + why;
  }
  // A refresh time from the future would be stored and outlive every honest
  // one (no later heartbeat could replace the row); a day covers skewed clocks.
  if (a.refresh_time > now.AddSeconds(kMaxClockAheadSeconds))
    return "heartbeat refresh time " + FormatTime(a.refresh_time) +
           " is more than a day ahead of this server's clock";
  if (a.name.empty()) return "heartbeat has no name";
  if (a.name.size() > 1024) return "heartbeat name is longer than 1024 characters";
  if (a.version.size() > 128) return "heartbeat version is longer than 128 characters";
  if (a.queue_loc.empty()) return "heartbeat has no queueloc";
  if (a.pid <= 0) return "heartbeat pid must be positive";
  if (!a.mode.empty() && a.mode != "daemon" && a.mode != "checkin")
    return "heartbeat mode '" + a.mode + "' is not daemon or checkin";
  return "";
}

// When an agent that just heartbeat becomes idle, then offline, if it
// stays silent (see Heartbeat::interval_seconds).
struct SilenceDeadlines {
  SqlParam idle;
  SqlParam offline;
};

SilenceDeadlines DeadlinesFor(const Heartbeat& hb, Time now, const AgentTimers& timers) {
  const int64_t freq = std::max<int64_t>(1, timers.heartbeat_freq_seconds);
  const int64_t interval = hb.interval_seconds > 0 ? hb.interval_seconds : freq;
  const int64_t offline_after =
      std::max(timers.agent_timeout_seconds, timers.agent_timeout_seconds * interval / freq);
  return {TimeParam(now.AddSeconds(5 * interval)), TimeParam(now.AddSeconds(offline_after))};
}

}  // namespace

Result<std::vector<HeartbeatOutcome>> SqlStore::UpsertHeartbeats(
    const std::vector<Heartbeat>& batch, Time now, const AgentTimers& timers) {
  // Like UpdateCommandResults: read every row the batch may touch with a few
  // IN queries, decide in memory in arrival order, then write with one bulk
  // insert and a few bulk updates, all in one transaction.
  std::vector<HeartbeatOutcome> out;
  if (batch.empty()) return out;
  // Enough IDs for every heartbeat to need a new row; unused ones are skipped.
  Result<Id> first = AllocateIds(static_cast<int64_t>(batch.size()));
  if (!first.ok()) return first.status();
  Id next = *first;
  Transaction tx(*c_);
  Status s = tx.Begin();
  if (!s.ok()) return s;

  struct Current {
    Id id = 0;
    std::string status;
    Time refresh;
  };
  using Key = std::pair<std::string, int64_t>;  // queueloc, pid
  std::map<Key, Current> current;               // the freshest row not offline
  std::map<std::string, std::string> loaders;   // queueloc -> loadername
  std::vector<std::string> queue_locs;
  for (const Heartbeat& hb : batch) {
    // One no column can hold is refused below, and not looked up: it would
    // fail the query of the whole batch.
    if (CheckStorableText(hb.agent.queue_loc).empty()) queue_locs.push_back(hb.agent.queue_loc);
  }
  s = ForEachInListChunk(
      std::move(queue_locs), [&](const std::string& list, const Params& p) -> Status {
        Result<Rows> rows = c_->Query(
            "SELECT id, queueloc, pid, status, refreshtime FROM agents WHERE status <> 'offline' "
            "AND queueloc IN (" +
                list + ") ORDER BY heartbeattime, id",
            p.values());
        if (!rows.ok()) return rows.status();
        for (const Row& row : *rows) {  // ascending: the freshest row wins
          Result<Time> refresh = ParseDbTimeOr(row[4]);
          if (!refresh.ok()) return refresh.status();
          current[{row[1].value_or(""), ToInt(row[2])}] =
              Current{ToInt(row[0]), row[3].value_or(""), *refresh};
        }
        rows =
            c_->Query("SELECT queueloc, loadername FROM loaders WHERE queueloc IN (" + list + ")",
                      p.values());
        if (!rows.ok()) return rows.status();
        for (const Row& row : *rows)
          loaders[row[0].value_or("")] = row[1].value_or("");
        return Status::Ok();
      });
  if (!s.ok()) return s;
  auto loader_of = [&](const std::string& queue_loc) -> SqlParam {
    auto it = loaders.find(queue_loc);
    return it == loaders.end() ? SqlParam() : SqlParam(it->second);
  };

  // Writes, applied in this order: inserts, refreshes, heartbeat-only
  // updates of destroyed rows, rows retired by a replacement. A row written
  // twice in the batch keeps its last values.
  std::vector<std::vector<SqlParam>> inserts;
  std::map<Id, std::vector<SqlParam>> refreshed, destroyed_alive;
  std::set<Id> retired;
  auto insert = [&](const Heartbeat& hb) {
    const Agent& a = hb.agent;
    const Id id = next++;
    SilenceDeadlines d = DeadlinesFor(hb, now, timers);
    inserts.push_back({id, a.name, a.queue_loc, a.mode, a.version, a.pid, TimeParam(now),
                       TimeParam(Time::FinishSentinel()), TimeParam(now), TimeParam(a.refresh_time),
                       std::string("online"), StorableJson(EnvironmentToJson(a.environment)),
                       StorableJson(TagsToJson(a.tags)), loader_of(a.queue_loc), d.idle,
                       d.offline});
    current[{a.queue_loc, a.pid}] = Current{id, "online", a.refresh_time};
    return id;
  };
  for (const Heartbeat& hb : batch) {
    const Agent& a = hb.agent;
    HeartbeatOutcome o;
    o.error = CheckHeartbeat(a, now);
    if (!o.error.empty()) {
      o.result = HeartbeatResult::kRejected;
      out.push_back(o);
      continue;
    }
    auto it = current.find({a.queue_loc, a.pid});
    if (it == current.end()) {
      o.result = HeartbeatResult::kInserted;
      o.agent_id = insert(hb);
    } else if (it->second.status == "destroyed") {
      // MIG let the next heartbeat erase "destroyed"; keeping it lets the
      // scheduler see that the kill failed (protocol.md 12).
      o.result = HeartbeatResult::kDestroyedAlive;
      o.agent_id = it->second.id;
      SilenceDeadlines d = DeadlinesFor(hb, now, timers);
      destroyed_alive[o.agent_id] = {o.agent_id, TimeParam(now), d.idle, d.offline};
    } else if (a.refresh_time > it->second.refresh.AddSeconds(timers.refresh_tolerance_seconds)) {
      // Environment changed: keep the old row as history, start a new one.
      o.result = HeartbeatResult::kReplaced;
      retired.insert(it->second.id);
      o.agent_id = insert(hb);
    } else {
      o.result = HeartbeatResult::kUpdated;
      o.agent_id = it->second.id;
      SilenceDeadlines d = DeadlinesFor(hb, now, timers);
      refreshed[o.agent_id] = {o.agent_id,
                               std::string("online"),
                               TimeParam(now),
                               a.name,
                               a.mode,
                               a.version,
                               StorableJson(EnvironmentToJson(a.environment)),
                               StorableJson(TagsToJson(a.tags)),
                               loader_of(a.queue_loc),
                               d.idle,
                               d.offline};
    }
    out.push_back(o);
  }

  s = c_->BulkInsert("agents",
                     {"id", "name", "queueloc", "mode", "version", "pid", "starttime",
                      "destructiontime", "heartbeattime", "refreshtime", "status", "environment",
                      "tags", "loadername", "idleat", "offlineat"},
                     inserts);
  if (!s.ok()) return s.Context("heartbeats: new agents");
  const char* json = pg() ? "jsonb" : "text";
  auto values = [](std::map<Id, std::vector<SqlParam>>& by_id) {
    std::vector<std::vector<SqlParam>> rows;
    rows.reserve(by_id.size());
    for (auto& [id, row] : by_id)
      rows.push_back(std::move(row));
    return rows;
  };
  Result<int64_t> n = c_->BulkUpdate("agents",
                                     {{"id", "bigint"},
                                      {"status", "text"},
                                      {"heartbeattime", "timestamptz"},
                                      {"name", "text"},
                                      {"mode", "text"},
                                      {"version", "text"},
                                      {"environment", json},
                                      {"tags", json},
                                      {"loadername", "text"},
                                      {"idleat", "timestamptz"},
                                      {"offlineat", "timestamptz"}},
                                     values(refreshed));
  if (!n.ok()) return n.status().Context("heartbeats: refreshed agents");
  n = c_->BulkUpdate("agents",
                     {{"id", "bigint"},
                      {"heartbeattime", "timestamptz"},
                      {"idleat", "timestamptz"},
                      {"offlineat", "timestamptz"}},
                     values(destroyed_alive));
  if (!n.ok()) return n.status().Context("heartbeats: destroyed agents");
  std::vector<std::vector<SqlParam>> offline;
  for (Id id : retired)
    offline.push_back({id, std::string("offline")});
  n = c_->BulkUpdate("agents", {{"id", "bigint"}, {"status", "text"}}, offline);
  if (!n.ok()) return n.status().Context("heartbeats: replaced agents");
  s = tx.Commit();
  if (!s.ok()) return s;
  return out;
}

Result<SweepCounts> SqlStore::MarkIdleAndOffline(Time now, const AgentTimers& timers) {
  SweepCounts counts;
  Transaction tx(*c_);
  Status s = tx.Begin();
  if (!s.ok()) return s;
  // Offline first, then idle, so an agent spends at least one period idle.
  // Each row's deadlines follow its own heartbeat interval; rows from before
  // those were kept follow the timers.
  Result<int64_t> n = c_->Execute(
      "UPDATE agents SET status = 'offline' WHERE status IN ('idle','destroyed') "
      "AND (offlineat < $1 OR (offlineat IS NULL AND heartbeattime < $2))",
      {TimeParam(now), TimeParam(now.AddSeconds(-timers.agent_timeout_seconds))});
  if (!n.ok()) return n.status();
  counts.offline = *n;
  n = c_->Execute(
      "UPDATE agents SET status = 'idle' WHERE status = 'online' "
      "AND (idleat < $1 OR (idleat IS NULL AND heartbeattime < $2))",
      {TimeParam(now), TimeParam(now.AddSeconds(-5 * timers.heartbeat_freq_seconds))});
  if (!n.ok()) return n.status();
  counts.idle = *n;
  s = tx.Commit();
  if (!s.ok()) return s;
  return counts;
}

Result<std::vector<DuplicateQueue>> SqlStore::FindDuplicateAgents(Time now,
                                                                  const AgentTimers& timers) {
  Result<std::vector<Agent>> recent =
      LoadAgents(std::string("SELECT ") + kAgentColumns +
                     " FROM agents WHERE heartbeattime > $1 AND status <> 'offline' "
                     "ORDER BY queueloc, starttime, id",
                 {TimeParam(now.AddSeconds(-timers.heartbeat_freq_seconds))});
  if (!recent.ok()) return recent.status();
  std::vector<DuplicateQueue> out;
  for (size_t i = 0; i < recent->size();) {
    size_t j = i;
    int daemons = 0;
    DuplicateQueue q{(*recent)[i].queue_loc, {}};
    for (; j < recent->size() && (*recent)[j].queue_loc == q.queue_loc; ++j) {
      if ((*recent)[j].mode != "checkin") ++daemons;
      q.agents.push_back((*recent)[j]);
    }
    if (daemons > 1) out.push_back(std::move(q));
    i = j;
  }
  return out;
}

Status SqlStore::MarkAgentDestroyed(Id agent_id, Time now) {
  Result<int64_t> n =
      c_->Execute("UPDATE agents SET status = 'destroyed', destructiontime = $1 WHERE id = $2",
                  {TimeParam(now), agent_id});
  if (!n.ok()) return n.status();
  if (*n == 0) return Status::Error("agent " + std::to_string(agent_id) + " does not exist");
  return Status::Ok();
}

Result<std::vector<Agent>> SqlStore::LoadAgents(const std::string& sql,
                                                const std::vector<SqlParam>& params) {
  Result<Rows> rows = c_->Query(sql, params);
  if (!rows.ok()) return rows.status();
  std::vector<Agent> out;
  out.reserve(rows->size());
  for (const Row& row : *rows) {
    Result<Agent> a = AgentFromRow(row);
    if (!a.ok()) return a.status();
    out.push_back(std::move(*a));
  }
  return out;
}

Result<std::optional<Agent>> SqlStore::GetAgent(Id id) {
  Result<std::vector<Agent>> list =
      LoadAgents(std::string("SELECT ") + kAgentColumns + " FROM agents WHERE id = $1", {id});
  if (!list.ok()) return list.status();
  if (list->empty()) return std::optional<Agent>();
  return std::optional<Agent>(std::move(list->front()));
}

Result<std::vector<Agent>> SqlStore::SearchAgents(const AgentQuery& q) {
  if (q.window.limit < 0 || q.window.offset < 0)
    return Result<std::vector<Agent>>::Error("search limit and offset must be 0 or more");
  Params p;
  std::string sql = std::string("SELECT ") + kAgentColumns + " FROM agents WHERE 1=1";
  if (q.agent_id) sql += " AND agents.id = " + p.Add(*q.agent_id);
  if (!q.name_like.empty()) sql += " AND agents.name" + Like(p, q.name_like);
  if (!q.version_like.empty()) sql += " AND agents.version" + Like(p, q.version_like);
  if (!q.status_like.empty()) sql += " AND agents.status" + Like(p, q.status_like);
  if (!q.queue_loc_like.empty()) sql += " AND agents.queueloc" + Like(p, q.queue_loc_like);
  if (q.window.after) sql += " AND agents.heartbeattime >= " + p.Add(TimeParam(*q.window.after));
  if (q.window.before) sql += " AND agents.heartbeattime <= " + p.Add(TimeParam(*q.window.before));
  sql += " ORDER BY agents.heartbeattime DESC, agents.id DESC LIMIT " + p.Add(q.window.limit) +
         " OFFSET " + p.Add(q.window.offset);
  return LoadAgents(sql, p.values());
}

Result<std::vector<Agent>> SqlStore::ResolveTarget(const SqlFragment& where) {
  Status s = CheckFragment(where, dialect());
  if (!s.ok()) return s;
  // One agent per queueloc, the freshest heartbeat. The fragment's params
  // are the only ones, so its placeholders number from 1.
  std::string sql;
  if (pg()) {
    sql = std::string("SELECT DISTINCT ON (agents.queueloc) ") + kAgentColumns +
          " FROM agents WHERE agents.status IN ('online','idle') AND (" + where.sql +
          ") ORDER BY agents.queueloc, agents.heartbeattime DESC, agents.id DESC";
  } else {
    sql = std::string("SELECT ") + kAgentColumns +
          " FROM (SELECT agents.*, row_number() OVER (PARTITION BY agents.queueloc "
          "ORDER BY agents.heartbeattime DESC, agents.id DESC) AS mig_rank FROM agents "
          "WHERE agents.status IN ('online','idle') AND (" +
          where.sql + ")) AS agents WHERE mig_rank = 1 ORDER BY agents.queueloc";
  }
  Result<Rows> rows = c_->QueryReadOnly(sql, where.params);
  if (!rows.ok()) return rows.status().Context("target");
  std::vector<Agent> out;
  for (const Row& row : *rows) {
    Result<Agent> a = AgentFromRow(row);
    if (!a.ok()) return a.status();
    out.push_back(std::move(*a));
  }
  return out;
}

Result<int64_t> SqlStore::CountTarget(const SqlFragment& where) {
  Status s = CheckFragment(where, dialect());
  if (!s.ok()) return s;
  // ResolveTarget keeps one agent per queueloc among the rows that match.
  const std::string sql =
      "SELECT COUNT(DISTINCT agents.queueloc) FROM agents WHERE agents.status IN "
      "('online','idle') AND (" +
      where.sql + ")";
  Result<Rows> rows = c_->QueryReadOnly(sql, where.params);
  if (!rows.ok()) return rows.status().Context("target");
  if (rows->size() != 1) return Status::Error("target: the count query returned no row");
  return ToInt((*rows)[0][0]);
}

}  // namespace mig::store
