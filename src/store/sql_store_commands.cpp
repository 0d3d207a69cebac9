// Commands: bulk insert, returned results, expiry, reads and search.
#include <algorithm>
#include <map>
#include <set>

#include "core/utf8.h"
#include "store/in_list.h"
#include "store/json_columns.h"
#include "store/sql_rows.h"
#include "store/sql_store.h"

namespace mig::store {
namespace {

// commands.* followed by the agent columns; see LoadCommands.
const std::string& CommandSelect() {
  static const std::string k =
      std::string(
          "SELECT commands.id, commands.actionid, commands.status, commands.results, "
          "commands.starttime, commands.finishtime, ") +
      kAgentColumns + " FROM commands JOIN agents ON agents.id = commands.agentid ";
  return k;
}

bool IsReturnStatus(const std::string& s) {
  return s == "success" || s == "failed" || s == "timeout" || s == "expired";
}

}  // namespace

Status SqlStore::InsertCommands(std::vector<Command>& commands) {
  if (commands.empty()) return Status::Ok();
  int64_t missing = 0;
  for (size_t i = 0; i < commands.size(); ++i) {
    const Command& c = commands[i];
    if (c.action.id <= 0 || c.agent.id <= 0)
      return Status::Error("command " + std::to_string(i) + " has no action id or agent id");
    if (c.id == 0) ++missing;
  }
  if (missing > 0) {
    Result<Id> first = AllocateIds(missing);
    if (!first.ok()) return first.status();
    Id next = *first;
    for (Command& c : commands)
      if (c.id == 0) c.id = next++;
  }
  std::vector<std::vector<SqlParam>> rows;
  rows.reserve(commands.size());
  const SqlParam finish = TimeParam(Time::FinishSentinel());
  for (Command& c : commands) {
    if (c.status.empty()) c.status = "sent";
    if (c.results.empty() && c.action.operations)
      c.results.resize(c.action.operations->size());  // one empty result per operation
    rows.push_back({c.id, c.action.id, c.agent.id, c.status, StorableJson(ResultsToJson(c.results)),
                    TimeParam(c.start_time), finish});
  }
  Transaction tx(*c_);
  Status s = tx.Begin();
  if (!s.ok()) return s;
  s = c_->BulkInsert("commands",
                     {"id", "actionid", "agentid", "status", "results", "starttime", "finishtime"},
                     rows);
  if (!s.ok()) return s;
  return tx.Commit();
}

Result<std::vector<ReturnOutcome>> SqlStore::UpdateCommandResults(
    const std::vector<CommandReturn>& batch) {
  // A fixed number of statements per chunk of results, whatever its size:
  // read the commands, read the live agents, decide in memory in arrival
  // order, write every accepted result with one bulk update. On PostgreSQL
  // that is a handful of round trips per batch instead of three per result.
  std::vector<ReturnOutcome> out;
  if (batch.empty()) return out;
  Transaction tx(*c_);
  Status s = tx.Begin();
  if (!s.ok()) return s;

  struct Stored {
    std::string status;
    Id action_id = 0;
    std::string queue_loc;  // where the command was sent
  };
  std::map<Id, Stored> stored;
  std::set<std::pair<std::string, int64_t>> known;  // queueloc+pid of some agent row
  std::vector<Id> ids;
  std::vector<std::string> queue_locs;
  for (const CommandReturn& r : batch) {
    ids.push_back(r.command_id);
    // A queueloc no column can hold names no agent: not looked up (both
    // stores alike), the result is refused below.
    if (CheckStorableText(r.agent_queue_loc).empty()) queue_locs.push_back(r.agent_queue_loc);
  }
  s = ForEachInListChunk(std::move(ids), [&](const std::string& list, const Params& p) -> Status {
    Result<Rows> rows = c_->Query(
        "SELECT commands.id, commands.status, commands.actionid, agents.queueloc FROM commands "
        "JOIN agents ON agents.id = commands.agentid WHERE commands.id IN (" +
            list + ")",
        p.values());
    if (!rows.ok()) return rows.status();
    for (const Row& row : *rows)
      stored[ToInt(row[0])] = Stored{row[1].value_or(""), ToInt(row[2]), row[3].value_or("")};
    return Status::Ok();
  });
  if (!s.ok()) return s;
  s = ForEachInListChunk(
      std::move(queue_locs), [&](const std::string& list, const Params& p) -> Status {
        Result<Rows> rows =
            c_->Query("SELECT DISTINCT queueloc, pid FROM agents WHERE queueloc IN (" + list + ")",
                      p.values());
        if (!rows.ok()) return rows.status();
        for (const Row& row : *rows)
          known.emplace(row[0].value_or(""), ToInt(row[1]));
        return Status::Ok();
      });
  if (!s.ok()) return s;

  // Decisions in arrival order; a later result for the same command sees the
  // earlier one (a success is never overwritten), and only the last accepted
  // one is written.
  std::map<Id, size_t> accepted;  // command id -> index in batch
  for (size_t i = 0; i < batch.size(); ++i) {
    const CommandReturn& r = batch[i];
    ReturnOutcome o{r.command_id, 0, ReturnResult::kAccepted};
    auto it = stored.find(r.command_id);
    if (!IsReturnStatus(r.status)) {
      o.result = ReturnResult::kInvalidStatus;
    } else if (it == stored.end()) {
      o.result = ReturnResult::kUnknownCommand;
    } else if (o.action_id = it->second.action_id; it->second.status == "success") {
      o.result = ReturnResult::kAlreadySucceeded;
    } else if (!known.count({r.agent_queue_loc, r.agent_pid}) ||
               it->second.queue_loc != r.agent_queue_loc) {
      // From the queue the command was sent to (stricter than MIG), by a
      // process that heartbeated there. Whatever that process's status
      // (unlike protocol.md 5.4's online/idle): an agent marked offline,
      // whose result comes before its next heartbeat, must not lose it.
      o.result = ReturnResult::kAgentMismatch;
    } else {
      it->second.status = r.status;
      accepted[r.command_id] = i;
    }
    out.push_back(o);
  }
  std::vector<std::vector<SqlParam>> rows;
  rows.reserve(accepted.size());
  for (const auto& [id, i] : accepted) {
    const CommandReturn& r = batch[i];
    rows.push_back(
        {id, r.status, StorableJson(ResultsToJson(r.results)), TimeParam(r.finish_time)});
  }
  Result<int64_t> n = c_->BulkUpdate("commands",
                                     {{"id", "bigint"},
                                      {"status", "text"},
                                      {"results", pg() ? "jsonb" : "text"},
                                      {"finishtime", "timestamptz"}},
                                     rows);
  if (!n.ok()) return n.status().Context("storing " + std::to_string(rows.size()) + " results");
  s = tx.Commit();
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<Id>> SqlStore::ExpireInflightCommands(Time now) {
  Result<Rows> rows = c_->Query(
      "UPDATE commands SET status = 'expired', finishtime = $1 WHERE status = 'sent' AND "
      "actionid IN (SELECT id FROM actions WHERE expireafter <= $1) RETURNING actionid",
      {TimeParam(now)});
  if (!rows.ok()) return rows.status();
  std::set<Id> ids;
  for (const Row& row : *rows)
    ids.insert(ToInt(row[0]));
  return std::vector<Id>(ids.begin(), ids.end());
}

Result<std::vector<Command>> SqlStore::LoadCommands(const std::string& tail,
                                                    const std::vector<SqlParam>& params) {
  Result<Rows> rows = c_->Query(CommandSelect() + tail, params);
  if (!rows.ok()) return rows.status();
  std::map<Id, Action> actions;  // each action loaded once
  std::vector<Command> out;
  for (const Row& row : *rows) {
    Command c;
    c.id = ToInt(row[0]);
    const Id action_id = ToInt(row[1]);
    c.status = row[2].value_or("");
    if (row[3]) {
      Result<std::vector<ModuleResult>> res = ResultsFromJson(*row[3]);
      if (!res.ok()) return res.status().Context("command " + std::to_string(c.id));
      c.results = std::move(*res);
    }
    Result<Time> start = ParseDbTimeOr(row[4]);
    Result<Time> finish = ParseDbTimeOr(row[5]);
    if (!start.ok() || !finish.ok())
      return Result<std::vector<Command>>::Error("command " + std::to_string(c.id) +
                                                 ": unreadable time");
    c.start_time = *start;
    c.finish_time = *finish;
    Result<Agent> agent = AgentFromRow(row, 6);
    if (!agent.ok()) return agent.status();
    c.agent = std::move(*agent);
    auto it = actions.find(action_id);
    if (it == actions.end()) {
      Result<std::optional<Action>> a = GetAction(action_id);
      if (!a.ok()) return a.status();
      it = actions.emplace(action_id, a->value_or(Action{})).first;
    }
    c.action = it->second;
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::optional<Command>> SqlStore::GetCommand(Id id) {
  Result<std::vector<Command>> list = LoadCommands("WHERE commands.id = $1", {id});
  if (!list.ok()) return list.status();
  if (list->empty()) return std::optional<Command>();
  return std::optional<Command>(std::move(list->front()));
}

Result<std::vector<Command>> SqlStore::SearchCommands(const CommandQuery& q) {
  if (q.window.limit < 0 || q.window.offset < 0)
    return Result<std::vector<Command>>::Error("search limit and offset must be 0 or more");
  Params p;
  std::string where = "WHERE 1=1";
  if (q.command_id) where += " AND commands.id = " + p.Add(*q.command_id);
  if (q.action_id) where += " AND commands.actionid = " + p.Add(*q.action_id);
  if (q.agent_id) where += " AND commands.agentid = " + p.Add(*q.agent_id);
  if (!q.status_like.empty()) where += " AND commands.status" + Like(p, q.status_like);
  if (!q.agent_name_like.empty()) where += " AND agents.name" + Like(p, q.agent_name_like);
  if (!q.action_name_like.empty())
    where +=
        " AND EXISTS (SELECT 1 FROM actions WHERE actions.id = commands.actionid AND actions.name" +
        Like(p, q.action_name_like) + ")";
  if (q.investigator_id)
    where +=
        " AND EXISTS (SELECT 1 FROM signatures WHERE signatures.actionid = "
        "commands.actionid AND signatures.investigatorid = " +
        p.Add(*q.investigator_id) + ")";
  if (!q.investigator_name_like.empty())
    where +=
        " AND EXISTS (SELECT 1 FROM signatures JOIN investigators ON investigators.id = "
        "signatures.investigatorid WHERE signatures.actionid = commands.actionid AND "
        "investigators.name" +
        Like(p, q.investigator_name_like) + ")";
  if (q.found_anything) {
    // api.md 6: succeeded commands with at least one result whose
    // foundanything equals the filter.
    const std::string any =
        pg() ? "EXISTS (SELECT 1 FROM jsonb_array_elements(commands.results) AS r "
               "WHERE (r.value->>'foundanything')::boolean = " +
                   p.Add(*q.found_anything) + ")"
             : "EXISTS (SELECT 1 FROM json_each(commands.results) AS r "
               "WHERE json_extract(r.value, '$.foundanything') = " +
                   p.Add(int64_t{*q.found_anything ? 1 : 0}) + ")";
    where += " AND commands.status = 'success' AND " + any;
  }
  if (q.window.after) where += " AND commands.starttime >= " + p.Add(TimeParam(*q.window.after));
  if (q.window.before) where += " AND commands.starttime <= " + p.Add(TimeParam(*q.window.before));
  where += " ORDER BY commands.starttime DESC, commands.id DESC LIMIT " + p.Add(q.window.limit) +
           " OFFSET " + p.Add(q.window.offset);
  return LoadCommands(where, p.values());
}

}  // namespace mig::store
