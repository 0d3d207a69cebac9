// The Store written once in SQL over a Connection; OpenSqliteStore and
// OpenPostgresStore give it their driver. Where the dialects differ (target
// resolution, JSON functions, row locking) the code says so.
// One SqlStore is one connection: use one per thread.
#pragma once

#include <memory>

#include "store/sql/connection.h"
#include "store/sql_rows.h"
#include "store/store.h"

namespace mig::store {

class SqlStore final : public Store {
 public:
  explicit SqlStore(std::unique_ptr<Connection> c) : c_(std::move(c)) {}

  SqlDialect dialect() const override { return c_->dialect(); }
  Status Migrate() override;
  Result<int> SchemaVersion() override;
  Result<Id> AllocateIds(int64_t count) override;

  Status InsertAction(Action& action, const std::vector<Id>& signer_ids,
                      Id submitter_id = 0) override;
  Result<std::optional<ActionSubmitter>> GetActionSubmitter(Id action_id) override;
  Result<std::optional<Action>> GetAction(Id id) override;
  Result<std::vector<Action>> ClaimDueActions(Time now, int64_t limit) override;
  Result<std::vector<Id>> ExpirePendingActions(Time now) override;
  Status TransitionAction(Id id, const std::string& from, const std::string& to, Time now) override;
  Status CancelAction(Id id, Time now) override;
  Result<std::vector<ActionProgress>> RecountActions(const std::vector<Id>& ids, Time now) override;
  Result<std::vector<Action>> SearchActions(const ActionQuery& q) override;

  Result<std::vector<Agent>> ResolveTarget(const SqlFragment& where) override;
  Result<int64_t> CountTarget(const SqlFragment& where) override;

  Status InsertCommands(std::vector<Command>& commands) override;
  Result<std::vector<ReturnOutcome>> UpdateCommandResults(
      const std::vector<CommandReturn>& batch) override;
  Result<std::vector<Id>> ExpireInflightCommands(Time now) override;
  Result<std::optional<Command>> GetCommand(Id id) override;
  Result<std::vector<Command>> SearchCommands(const CommandQuery& q) override;

  Result<std::vector<HeartbeatOutcome>> UpsertHeartbeats(const std::vector<Heartbeat>& batch,
                                                         Time now,
                                                         const AgentTimers& timers) override;
  Result<SweepCounts> MarkIdleAndOffline(Time now, const AgentTimers& timers) override;
  Result<std::vector<DuplicateQueue>> FindDuplicateAgents(Time now,
                                                          const AgentTimers& timers) override;
  Status MarkAgentDestroyed(Id agent_id, Time now) override;
  Result<std::optional<Agent>> GetAgent(Id id) override;
  Result<std::vector<Agent>> SearchAgents(const AgentQuery& q) override;

  Result<AgentsStats> UpdateAgentsStats(Time now, bool count_new_endpoints) override;
  Result<std::optional<AgentsStats>> LatestAgentsStats() override;

  Result<Id> InsertInvestigator(const InvestigatorRecord& r) override;
  Result<std::optional<InvestigatorRecord>> GetInvestigator(Id id) override;
  Result<std::optional<InvestigatorRecord>> FindInvestigatorByFingerprint(
      const std::string& fingerprint) override;
  Result<std::vector<InvestigatorRecord>> ActiveInvestigators() override;
  Result<std::vector<InvestigatorRecord>> InvestigatorsWithApiKeyPrefix(
      const std::string& prefix) override;
  Result<std::vector<InvestigatorRecord>> InvestigatorsWithUnprefixedApiKey() override;
  Result<std::optional<InvestigatorRecord>> SchedulerInvestigator() override;
  Status SetInvestigatorStatus(Id id, const std::string& status) override;
  Status SetInvestigatorPermissions(Id id, uint64_t mask) override;
  Status SetInvestigatorApiKey(Id id, const std::string& hash, const std::string& salt,
                               const std::string& prefix) override;
  Result<std::vector<InvestigatorRecord>> SearchInvestigators(const InvestigatorQuery& q) override;
  Result<std::optional<AgentCredentialRecord>> GetAgentCredential(
      const std::string& queue_loc) override;
  Result<bool> EnrollAgentCredential(const AgentCredentialRecord& r) override;
  Result<bool> RevokeAgentCredential(const std::string& queue_loc, Time now) override;
  Result<std::vector<AgentCredentialRecord>> ListAgentCredentials(int64_t limit,
                                                                  int64_t offset) override;
  Result<std::vector<std::string>> EnrolledAmong(std::vector<std::string> queue_locs) override;

 private:
  bool pg() const { return c_->dialect() == SqlDialect::kPostgres; }
  // " ILIKE $n" on PostgreSQL; SQLite's LIKE is already case-insensitive
  // (ASCII), and takes backslash as its escape character too, so that a
  // pattern means the same on both stores.
  std::string Like(Params& p, const std::string& pattern) const {
    return pg() ? " ILIKE " + p.Add(pattern) : " LIKE " + p.Add(pattern) + " ESCAPE '\\'";
  }
  // JSON text as both stores hold it: \u0000, which PostgreSQL's jsonb
  // refuses, becomes \u2400 (the visible NUL symbol) on both.
  static std::string StorableJson(std::string json);
  Result<std::vector<Action>> LoadActions(const std::string& where_sql,
                                          const std::vector<SqlParam>& params);
  Status FillActionExtras(Action& a);
  Result<Counters> CountCommands(Id action_id);
  Result<std::vector<Command>> LoadCommands(const std::string& where_sql,
                                            const std::vector<SqlParam>& params);
  Result<std::vector<Agent>> LoadAgents(const std::string& sql,
                                        const std::vector<SqlParam>& params);
  Result<std::vector<InvestigatorRecord>> LoadInvestigators(const std::string& where_sql,
                                                            const std::vector<SqlParam>& params);

  std::unique_ptr<Connection> c_;
};

}  // namespace mig::store
