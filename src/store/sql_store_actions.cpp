// Actions: insert with signatures, claim, lifecycle, counters, search.
#include <algorithm>
#include <map>
#include <set>

#include "store/json_columns.h"
#include "store/sql_rows.h"
#include "store/sql_store.h"

namespace mig::store {
namespace {

const std::set<std::string>& UnfinishedStatuses() {
  static const std::set<std::string> k = {"pending", "scheduled", "preparing", "inflight"};
  return k;
}

bool AllowedTransition(const std::string& from, const std::string& to) {
  static const std::set<std::pair<std::string, std::string>> k = {
      {"scheduled", "preparing"}, {"preparing", "inflight"}, {"scheduled", "invalid"},
      {"preparing", "invalid"},   {"scheduled", "expired"},  {"preparing", "expired"},
      {"inflight", "completed"},
  };
  return k.count({from, to}) > 0;
}

void AddCount(Counters& c, const std::string& status, int64_t n) {
  if (status == "sent")
    c.inflight += n;
  else if (status == "success")
    c.success += n;
  else if (status == "cancelled")
    c.cancelled += n;
  else if (status == "expired")
    c.expired += n;
  else if (status == "failed")
    c.failed += n;
  else if (status == "timeout")
    c.timeout += n;
  else
    return;  // unknown statuses are not counted
  c.done = c.success + c.cancelled + c.expired + c.failed + c.timeout;
  c.sent = c.done + c.inflight;
}

Status CheckLimit(const SearchWindow& w) {
  if (w.limit < 0) return Status::Error("search limit must be 0 or more");
  if (w.offset < 0) return Status::Error("search offset must be 0 or more");
  return Status::Ok();
}

}  // namespace

Status SqlStore::InsertAction(Action& a, const std::vector<Id>& signer_ids, Id submitter_id) {
  if (a.name.empty()) return Status::Error("action name is empty");
  if (a.target.empty()) return Status::Error("action target is empty");
  if (a.valid_from > a.expire_after) return Status::Error("action validfrom is after expireafter");
  if (!signer_ids.empty() && signer_ids.size() != a.pgp_signatures.size())
    return Status::Error("action has " + std::to_string(a.pgp_signatures.size()) +
                         " signatures but " + std::to_string(signer_ids.size()) + " signers");
  if (a.id == 0) {
    Result<Id> id = AllocateIds(1);
    if (!id.ok()) return id.status();
    a.id = *id;
  }
  if (a.status.empty()) a.status = "pending";
  if (a.start_time.IsZero()) a.start_time = Time::StartSentinel();
  if (a.last_update_time.IsZero()) a.last_update_time = Time::StartSentinel();
  if (a.finish_time.IsZero()) a.finish_time = Time::FinishSentinel();

  Transaction tx(*c_);
  Status s = tx.Begin();
  if (!s.ok()) return s;
  Result<int64_t> r = c_->Execute(
      "INSERT INTO actions (id, name, target, description, threat, operations, validfrom, "
      "expireafter, starttime, finishtime, lastupdatetime, status, syntaxversion, pgpsignatures, "
      "submitterid) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)",
      {a.id, a.name, a.target, DescriptionToJson(a.description), ThreatToJson(a.threat),
       StorableJson(OperationsToJson(a.operations)), TimeParam(a.valid_from),
       TimeParam(a.expire_after), TimeParam(a.start_time), TimeParam(a.finish_time),
       TimeParam(a.last_update_time), a.status, int64_t{a.syntax_version},
       StringsToJson(a.pgp_signatures),
       submitter_id ? SqlParam(int64_t{submitter_id}) : SqlParam(std::monostate{})});
  if (!r.ok()) return r.status().Context("insert action");
  for (size_t i = 0; i < signer_ids.size(); ++i) {
    r = c_->Execute(
        "INSERT INTO signatures (actionid, investigatorid, pgpsignature) VALUES ($1,$2,$3)",
        {a.id, signer_ids[i], a.pgp_signatures[i]});
    if (!r.ok()) return r.status().Context("signature " + std::to_string(i + 1) + " of action");
  }
  return tx.Commit();
}

Result<std::vector<Action>> SqlStore::LoadActions(const std::string& tail,
                                                  const std::vector<SqlParam>& params) {
  Result<Rows> rows =
      c_->Query(std::string("SELECT ") + kActionColumns + " FROM actions " + tail, params);
  if (!rows.ok()) return rows.status();
  std::vector<Action> out;
  for (const Row& row : *rows) {
    Result<Action> a = ActionFromRow(row);
    if (!a.ok()) return a.status();
    out.push_back(std::move(*a));
  }
  return out;
}

Result<Counters> SqlStore::CountCommands(Id action_id) {
  Result<Rows> rows = c_->Query(
      "SELECT status, COUNT(*) FROM commands WHERE actionid = $1 GROUP BY status", {action_id});
  if (!rows.ok()) return rows.status();
  Counters c;
  for (const Row& row : *rows)
    AddCount(c, row[0].value_or(""), ToInt(row[1]));
  return c;
}

Status SqlStore::FillActionExtras(Action& a) {
  Result<Counters> c = CountCommands(a.id);
  if (!c.ok()) return c.status();
  a.counters = *c;
  Result<std::vector<InvestigatorRecord>> inv = LoadInvestigators(
      "JOIN signatures ON signatures.investigatorid = investigators.id "
      "WHERE signatures.actionid = $1 ORDER BY investigators.id",
      {a.id});
  if (!inv.ok()) return inv.status();
  a.investigators.clear();
  for (InvestigatorRecord& r : *inv) {
    r.info.public_key.clear();  // never part of action documents
    a.investigators.push_back(std::move(r.info));
  }
  return Status::Ok();
}

Result<std::optional<ActionSubmitter>> SqlStore::GetActionSubmitter(Id action_id) {
  Result<Rows> rows = c_->Query(
      "SELECT investigators.id, investigators.name FROM actions "
      "JOIN investigators ON investigators.id = actions.submitterid WHERE actions.id = $1",
      {action_id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<ActionSubmitter>();
  return std::optional<ActionSubmitter>(
      ActionSubmitter{ToInt(rows->front()[0]), rows->front()[1].value_or("")});
}

Result<std::optional<Action>> SqlStore::GetAction(Id id) {
  Result<std::vector<Action>> list = LoadActions("WHERE actions.id = $1", {id});
  if (!list.ok()) return list.status();
  if (list->empty()) return std::optional<Action>();
  Status s = FillActionExtras(list->front());
  if (!s.ok()) return s;
  return std::optional<Action>(std::move(list->front()));
}

Result<std::vector<Action>> SqlStore::ClaimDueActions(Time now, int64_t limit) {
  if (limit <= 0) return Result<std::vector<Action>>::Error("claim limit must be positive");
  // PostgreSQL: SKIP LOCKED lets concurrent schedulers claim disjoint sets.
  // SQLite: BEGIN IMMEDIATE already holds the database's single write lock.
  const std::string lock = pg() ? " FOR UPDATE SKIP LOCKED" : "";
  Transaction tx(*c_);
  Status s = tx.Begin();
  if (!s.ok()) return s;
  Result<Rows> rows =
      c_->Query(std::string("UPDATE actions SET status = 'scheduled', lastupdatetime = $1 "
                            "WHERE status = 'pending' AND id IN (SELECT id FROM actions "
                            "WHERE status = 'pending' AND validfrom <= $1 AND expireafter > $1 "
                            "ORDER BY validfrom, id LIMIT $2") +
                    lock + ") RETURNING " + kActionColumns,
                {TimeParam(now), limit});
  if (!rows.ok()) return rows.status().Context("claim actions");
  std::vector<Action> out;
  for (const Row& row : *rows) {
    Result<Action> a = ActionFromRow(row);
    if (!a.ok()) return a.status();
    out.push_back(std::move(*a));
  }
  s = tx.Commit();
  if (!s.ok()) return s;
  std::sort(out.begin(), out.end(), [](const Action& x, const Action& y) {
    return std::tie(x.valid_from, x.id) < std::tie(y.valid_from, y.id);
  });
  return out;
}

Result<std::vector<Id>> SqlStore::ExpirePendingActions(Time now) {
  Result<Rows> rows = c_->Query(
      "UPDATE actions SET status = 'expired', lastupdatetime = $1 "
      "WHERE status = 'pending' AND expireafter <= $1 RETURNING id",
      {TimeParam(now)});
  if (!rows.ok()) return rows.status();
  std::vector<Id> ids;
  for (const Row& row : *rows)
    ids.push_back(ToInt(row[0]));
  std::sort(ids.begin(), ids.end());
  return ids;
}

Status SqlStore::TransitionAction(Id id, const std::string& from, const std::string& to, Time now) {
  if (!AllowedTransition(from, to))
    return Status::Error("action status cannot move from '" + from + "' to '" + to + "'");
  const std::string set_start = to == "preparing" ? ", starttime = $2" : "";
  const std::string set_finish = to == "completed" ? ", finishtime = $2" : "";
  Result<int64_t> n = c_->Execute("UPDATE actions SET status = $1, lastupdatetime = $2" +
                                      set_start + set_finish + " WHERE id = $3 AND status = $4",
                                  {to, TimeParam(now), id, from});
  if (!n.ok()) return n.status();
  if (*n == 1) return Status::Ok();
  Result<Rows> cur = c_->Query("SELECT status FROM actions WHERE id = $1", {id});
  if (!cur.ok()) return cur.status();
  if (cur->empty()) return Status::Error("action " + std::to_string(id) + " does not exist");
  return Status::Error("action " + std::to_string(id) + " is '" + cur->at(0)[0].value_or("") +
                       "', not '" + from + "'");
}

Status SqlStore::CancelAction(Id id, Time now) {
  Transaction tx(*c_);
  Status s = tx.Begin();
  if (!s.ok()) return s;
  Result<Rows> cur = c_->Query("SELECT status FROM actions WHERE id = $1", {id});
  if (!cur.ok()) return cur.status();
  if (cur->empty()) return Status::Error("action " + std::to_string(id) + " does not exist");
  const std::string status = cur->at(0)[0].value_or("");
  if (!UnfinishedStatuses().count(status))
    return Status::Error("action " + std::to_string(id) + " is already " + status +
                         "; only unfinished actions can be cancelled");
  Result<int64_t> r = c_->Execute(
      "UPDATE actions SET status = 'cancelled', finishtime = $1, lastupdatetime = $1 "
      "WHERE id = $2",
      {TimeParam(now), id});
  if (!r.ok()) return r.status();
  r = c_->Execute(
      "UPDATE commands SET status = 'cancelled', finishtime = $1 "
      "WHERE actionid = $2 AND status = 'sent'",
      {TimeParam(now), id});
  if (!r.ok()) return r.status();
  return tx.Commit();
}

Result<std::vector<ActionProgress>> SqlStore::RecountActions(const std::vector<Id>& ids_in,
                                                             Time now) {
  std::vector<Id> ids(ids_in);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::vector<ActionProgress> out;
  if (ids.empty()) return out;
  Transaction tx(*c_);
  Status s = tx.Begin();
  if (!s.ok()) return s;
  std::map<Id, Counters> counts;
  for (Id id : ids)
    counts[id];
  Params p;
  const std::string list = p.AddList(ids);
  Result<Rows> rows =
      c_->Query("SELECT actionid, status, COUNT(*) FROM commands WHERE actionid IN (" + list +
                    ") GROUP BY actionid, status",
                p.values());
  if (!rows.ok()) return rows.status();
  for (const Row& row : *rows)
    AddCount(counts[ToInt(row[0])], row[1].value_or(""), ToInt(row[2]));
  for (const auto& [id, c] : counts) {
    ActionProgress prog{id, c, false};
    if (c.sent > 0 && c.done == c.sent) {
      // "preparing" too: every result can be in before the relay confirmed
      // every command (the dispatcher settles confirms asynchronously).
      Result<int64_t> n = c_->Execute(
          "UPDATE actions SET status = 'completed', finishtime = $1, lastupdatetime = $1 "
          "WHERE id = $2 AND status IN ('inflight','preparing')",
          {TimeParam(now), id});
      if (!n.ok()) return n.status();
      prog.completed = *n == 1;
    }
    if (!prog.completed) {
      Result<int64_t> n = c_->Execute(
          "UPDATE actions SET lastupdatetime = $1 WHERE id = $2 AND status = 'inflight'",
          {TimeParam(now), id});
      if (!n.ok()) return n.status();
    }
    out.push_back(prog);
  }
  s = tx.Commit();
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<Action>> SqlStore::SearchActions(const ActionQuery& q) {
  Status s = CheckLimit(q.window);
  if (!s.ok()) return s;
  Params p;
  std::string where = "WHERE 1=1";
  if (q.action_id) where += " AND actions.id = " + p.Add(*q.action_id);
  if (!q.name_like.empty()) where += " AND actions.name" + Like(p, q.name_like);
  if (!q.status_like.empty()) where += " AND actions.status" + Like(p, q.status_like);
  if (!q.threat_family_like.empty())
    where += " AND actions.threat->>'family'" + Like(p, q.threat_family_like);
  if (q.investigator_id)
    where +=
        " AND EXISTS (SELECT 1 FROM signatures WHERE signatures.actionid = actions.id "
        "AND signatures.investigatorid = " +
        p.Add(*q.investigator_id) + ")";
  if (q.agent_id)
    where +=
        " AND EXISTS (SELECT 1 FROM commands WHERE commands.actionid = actions.id "
        "AND commands.agentid = " +
        p.Add(*q.agent_id) + ")";
  if (q.window.after) where += " AND actions.validfrom >= " + p.Add(TimeParam(*q.window.after));
  if (q.window.before) where += " AND actions.expireafter <= " + p.Add(TimeParam(*q.window.before));
  where += " ORDER BY actions.validfrom DESC, actions.id DESC LIMIT " + p.Add(q.window.limit) +
           " OFFSET " + p.Add(q.window.offset);
  Result<std::vector<Action>> list = LoadActions(where, p.values());
  if (!list.ok()) return list;
  for (Action& a : *list) {
    s = FillActionExtras(a);
    if (!s.ok()) return s;
  }
  return list;
}

}  // namespace mig::store
