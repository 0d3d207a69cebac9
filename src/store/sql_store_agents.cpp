// Agents: heartbeats, status sweeps, duplicates, target resolution, reads.
#include <algorithm>

#include "store/json_columns.h"
#include "store/sql/placeholders.h"
#include "store/sql_rows.h"
#include "store/sql_store.h"

namespace mig::store {
namespace {

// protocol.md 6.2 limits, applied to both heartbeat channels.
std::string CheckHeartbeat(const Agent& a) {
  if (a.name.empty()) return "heartbeat has no name";
  if (a.name.size() > 1024) return "heartbeat name is longer than 1024 characters";
  if (a.version.size() > 128) return "heartbeat version is longer than 128 characters";
  if (a.queue_loc.empty()) return "heartbeat has no queueloc";
  if (a.pid <= 0) return "heartbeat pid must be positive";
  if (!a.mode.empty() && a.mode != "daemon" && a.mode != "checkin")
    return "heartbeat mode '" + a.mode + "' is not daemon or checkin";
  return "";
}

}  // namespace

Status SqlStore::InsertAgentRow(Id id, const Agent& a, Time now) {
  Result<int64_t> r = c_->Execute(
      "INSERT INTO agents (id, name, queueloc, mode, version, pid, starttime, destructiontime, "
      "heartbeattime, refreshtime, status, environment, tags, loadername) "
      "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$7,$9,'online',$10,$11,"
      "(SELECT loadername FROM loaders WHERE loaders.queueloc = $3))",
      {id, a.name, a.queue_loc, a.mode, a.version, a.pid, TimeParam(now),
       TimeParam(Time::FinishSentinel()), TimeParam(a.refresh_time),
       EnvironmentToJson(a.environment), TagsToJson(a.tags)});
  if (!r.ok()) return r.status().Context("insert agent " + a.queue_loc);
  return Status::Ok();
}

Result<std::vector<HeartbeatOutcome>> SqlStore::UpsertHeartbeats(
    const std::vector<Heartbeat>& batch, Time now, const AgentTimers& timers) {
  std::vector<HeartbeatOutcome> out;
  if (batch.empty()) return out;
  // Enough IDs for every heartbeat to need a new row; unused ones are skipped.
  Result<Id> first = AllocateIds(static_cast<int64_t>(batch.size()));
  if (!first.ok()) return first.status();
  Id next = *first;
  Transaction tx(*c_);
  Status s = tx.Begin();
  if (!s.ok()) return s;
  for (const Heartbeat& hb : batch) {
    const Agent& a = hb.agent;
    HeartbeatOutcome o;
    o.error = CheckHeartbeat(a);
    if (!o.error.empty()) {
      o.result = HeartbeatResult::kRejected;
      out.push_back(o);
      continue;
    }
    Result<Rows> cur = c_->Query(
        "SELECT id, status, refreshtime FROM agents WHERE queueloc = $1 AND pid = $2 "
        "AND status <> 'offline' ORDER BY heartbeattime DESC LIMIT 1",
        {a.queue_loc, a.pid});
    if (!cur.ok()) return cur.status();
    if (cur->empty()) {
      o.agent_id = next++;
      o.result = HeartbeatResult::kInserted;
      s = InsertAgentRow(o.agent_id, a, now);
      if (!s.ok()) return s;
      out.push_back(o);
      continue;
    }
    const Row& row = cur->front();
    o.agent_id = ToInt(row[0]);
    Result<Time> stored_refresh = ParseDbTimeOr(row[2]);
    if (!stored_refresh.ok()) return stored_refresh.status();
    Result<int64_t> n(int64_t{0});
    if (row[1].value_or("") == "destroyed") {
      // MIG let the next heartbeat erase "destroyed"; keeping it lets the
      // scheduler see that the kill failed (protocol.md 12).
      o.result = HeartbeatResult::kDestroyedAlive;
      n = c_->Execute("UPDATE agents SET heartbeattime = $1 WHERE id = $2",
                      {TimeParam(now), o.agent_id});
    } else if (a.refresh_time > stored_refresh->AddSeconds(timers.refresh_tolerance_seconds)) {
      // Environment changed: keep the old row as history, start a new one.
      o.result = HeartbeatResult::kReplaced;
      n = c_->Execute("UPDATE agents SET status = 'offline' WHERE id = $1", {o.agent_id});
      o.agent_id = next++;
      if (n.ok()) {
        s = InsertAgentRow(o.agent_id, a, now);
        if (!s.ok()) return s;
      }
    } else {
      o.result = HeartbeatResult::kUpdated;
      n = c_->Execute(
          "UPDATE agents SET status = 'online', heartbeattime = $1, name = $2, mode = $3, "
          "version = $4, environment = $5, tags = $6, "
          "loadername = (SELECT loadername FROM loaders WHERE loaders.queueloc = $7) "
          "WHERE id = $8",
          {TimeParam(now), a.name, a.mode, a.version, EnvironmentToJson(a.environment),
           TagsToJson(a.tags), a.queue_loc, o.agent_id});
    }
    if (!n.ok()) return n.status().Context("heartbeat of " + a.queue_loc);
    out.push_back(o);
  }
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
  Result<int64_t> n = c_->Execute(
      "UPDATE agents SET status = 'offline' WHERE status IN ('idle','destroyed') "
      "AND heartbeattime < $1",
      {TimeParam(now.AddSeconds(-timers.agent_timeout_seconds))});
  if (!n.ok()) return n.status();
  counts.offline = *n;
  n = c_->Execute(
      "UPDATE agents SET status = 'idle' WHERE status = 'online' AND heartbeattime < $1",
      {TimeParam(now.AddSeconds(-5 * timers.heartbeat_freq_seconds))});
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
  const std::string like = std::string(" ") + Like() + " ";
  if (q.agent_id) sql += " AND agents.id = " + p.Add(*q.agent_id);
  if (!q.name_like.empty()) sql += " AND agents.name" + like + p.Add(q.name_like);
  if (!q.version_like.empty()) sql += " AND agents.version" + like + p.Add(q.version_like);
  if (!q.status_like.empty()) sql += " AND agents.status" + like + p.Add(q.status_like);
  if (!q.queue_loc_like.empty()) sql += " AND agents.queueloc" + like + p.Add(q.queue_loc_like);
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

}  // namespace mig::store
