// The Store: everything the API and the scheduler keep in a database, behind
// one interface with two implementations: SQLite (embedded default, one file,
// WAL) and PostgreSQL (libpq, COPY for bulk inserts). The schema is migrated
// at open. Errors come back as Status/Result values; nothing throws across it.
//
// Representation (what target compilers and readers can rely on):
// * Table and column names are those of storage.md (agents, actions,
//   commands, signatures, investigators, agents_stats, loaders, manifests).
//   IDs are 64-bit integers (bigint / INTEGER).
// * Times: PostgreSQL timestamptz; SQLite TEXT in UTC with a fixed 9-digit
//   fraction, "YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ", so text order is time order.
//   Use FormatDbTime (store/db_time.h) to build time parameters for SQLite.
// * JSON columns (agents.environment, agents.tags, commands.results,
//   actions.operations, ...): PostgreSQL **jsonb** (use ->, ->>, #>>,
//   jsonb_array_elements); SQLite JSON text (use ->, ->>, json_extract,
//   json_each).
// * Booleans: PostgreSQL boolean; SQLite 0/1.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/documents.h"
#include "core/sql_fragment.h"
#include "core/status.h"
#include "store/records.h"

namespace mig::store {

// Who submitted an action through the API, apart from who signed it (not in
// MIG, where anyone holding action_create can submit what others signed).
struct ActionSubmitter {
  Id id = 0;
  std::string name;
};

class Store {
 public:
  virtual ~Store() = default;
  virtual SqlDialect dialect() const = 0;

  // ---- schema and IDs
  // Applies the migrations not yet applied (safe to call again).
  virtual Status Migrate() = 0;
  virtual Result<int> SchemaVersion() = 0;
  // Reserves `count` consecutive IDs, unique across every process using this
  // database; returns the first. IDs are time-ordered like MIG's and < 2^53.
  virtual Result<Id> AllocateIds(int64_t count) = 0;

  // ---- actions (protocol.md 8.1)
  // Inserts a pending action (id assigned when 0, written back) and one
  // signatures row per signer_ids[i] / pgp_signatures[i], in one transaction.
  // signer_ids may be empty (signature rows then come later or never).
  // submitter_id: the investigator who submitted it (0: unknown).
  virtual Status InsertAction(Action& action, const std::vector<Id>& signer_ids,
                              Id submitter_id = 0) = 0;
  // Who submitted the action; nullopt for unknown actions and those stored
  // without a submitter (before migration 3, or not through the API).
  virtual Result<std::optional<ActionSubmitter>> GetActionSubmitter(Id action_id) = 0;
  // The action with its counters and signing investigators; nullopt if absent.
  virtual Result<std::optional<Action>> GetAction(Id id) = 0;
  // pending actions with validfrom <= now < expireafter become scheduled, at
  // most `limit`, atomically: two schedulers never claim the same action.
  virtual Result<std::vector<Action>> ClaimDueActions(Time now, int64_t limit) = 0;
  // pending actions past expireafter become expired; returns their IDs.
  virtual Result<std::vector<Id>> ExpirePendingActions(Time now) = 0;
  // Moves an action from one status to another (scheduled -> preparing ->
  // inflight, or -> invalid). Fails, changing nothing, when the stored status
  // is not `from`. preparing sets starttime; every move sets lastupdatetime.
  virtual Status TransitionAction(Id id, const std::string& from, const std::string& to,
                                  Time now) = 0;
  // Cancels an unfinished action and its commands still "sent".
  virtual Status CancelAction(Id id, Time now) = 0;
  // Counts commands per action (protocol.md 8.3); an inflight action whose
  // done == sent > 0 becomes completed (finishtime = now).
  virtual Result<std::vector<ActionProgress>> RecountActions(const std::vector<Id>& ids,
                                                             Time now) = 0;
  virtual Result<std::vector<Action>> SearchActions(const ActionQuery& q) = 0;

  // ---- targets (protocol.md 11)
  // Online/idle agents matching `where`, one per queueloc (the freshest
  // heartbeat), ordered by queueloc. `where` is a compiled target: its
  // placeholders are numbered from 1 ("$N" PostgreSQL, "?N" SQLite), its
  // params bound in order. Strings bind as untyped text (PostgreSQL infers
  // the type), integers as int8, doubles as float8, booleans as boolean.
  // The query runs read-only; a fragment that writes, holds ';' or comments,
  // or whose placeholders do not match its params is refused.
  virtual Result<std::vector<Agent>> ResolveTarget(const SqlFragment& where) = 0;
  // How many agents ResolveTarget(where) would return, counted by the
  // database; the same checks on the fragment.
  virtual Result<int64_t> CountTarget(const SqlFragment& where) = 0;

  // ---- commands (protocol.md 5, 8.2)
  // Inserts all commands in one transaction (COPY on PostgreSQL). Uses
  // action.id, agent.id, status ("sent" when empty), results, start_time;
  // assigns IDs to commands whose id is 0. finishtime starts as the sentinel.
  virtual Status InsertCommands(std::vector<Command>& commands) = 0;
  // Stores returned commands in one transaction. Refused per item when the
  // stored status is already success, the command is unknown, or no agent
  // row (whatever its status: an agent marked offline may answer before its
  // next heartbeat) has the echoed queueloc+pid on the command's queue.
  virtual Result<std::vector<ReturnOutcome>> UpdateCommandResults(
      const std::vector<CommandReturn>& batch) = 0;
  // Commands still "sent" whose action expired become "expired" (no agent
  // check, so expiry always completes). Returns the touched action IDs.
  virtual Result<std::vector<Id>> ExpireInflightCommands(Time now) = 0;
  // The command with its action (counters included) and agent row.
  virtual Result<std::optional<Command>> GetCommand(Id id) = 0;
  // Commands with action id/name/status/times and agent id/name/version/queueloc.
  virtual Result<std::vector<Command>> SearchCommands(const CommandQuery& q) = 0;

  // ---- agents (protocol.md 6, 9, 10)
  // Applies heartbeats in one transaction. Row identity: queueloc + pid with
  // status != offline. Unknown -> new online row. Known -> online, heartbeat
  // now, environment/tags/loadername refreshed; a refresh_time newer than the
  // stored one by more than the tolerance retires the row (offline) and
  // inserts a fresh one. A destroyed row stays destroyed (kDestroyedAlive).
  virtual Result<std::vector<HeartbeatOutcome>> UpsertHeartbeats(
      const std::vector<Heartbeat>& batch, Time now, const AgentTimers& timers) = 0;
  // idle -> offline first (silent > timeout; destroyed rows too), then
  // online -> idle (silent > 5 x heartbeat frequency).
  virtual Result<SweepCounts> MarkIdleAndOffline(Time now, const AgentTimers& timers) = 0;
  // Queues with more than one non-checkin process heartbeating in the last
  // heartbeat period.
  virtual Result<std::vector<DuplicateQueue>> FindDuplicateAgents(Time now,
                                                                  const AgentTimers& timers) = 0;
  virtual Status MarkAgentDestroyed(Id agent_id, Time now) = 0;
  virtual Result<std::optional<Agent>> GetAgent(Id id) = 0;
  virtual Result<std::vector<Agent>> SearchAgents(const AgentQuery& q) = 0;

  // ---- dashboard statistics (storage.md 4.3)
  // Computes the statistics at `now`, appends them to agents_stats, returns them.
  virtual Result<AgentsStats> UpdateAgentsStats(Time now, bool count_new_endpoints) = 0;
  virtual Result<std::optional<AgentsStats>> LatestAgentsStats() = 0;

  // ---- investigators
  // Inserts a row (id from the table's sequence) and returns its id.
  virtual Result<Id> InsertInvestigator(const InvestigatorRecord& r) = 0;
  virtual Result<std::optional<InvestigatorRecord>> GetInvestigator(Id id) = 0;
  virtual Result<std::optional<InvestigatorRecord>> FindInvestigatorByFingerprint(
      const std::string& fingerprint) = 0;
  // Active investigators holding a public key (the API's keyring).
  virtual Result<std::vector<InvestigatorRecord>> ActiveInvestigators() = 0;
  // Investigators whose API key begins with prefix (kept beside the hash),
  // for key checks.
  virtual Result<std::vector<InvestigatorRecord>> InvestigatorsWithApiKeyPrefix(
      const std::string& prefix) = 0;
  // Investigators whose API key was set before prefixes were kept.
  virtual Result<std::vector<InvestigatorRecord>> InvestigatorsWithUnprefixedApiKey() = 0;
  // The oldest active "migscheduler" row, with its private key.
  virtual Result<std::optional<InvestigatorRecord>> SchedulerInvestigator() = 0;
  virtual Status SetInvestigatorStatus(Id id, const std::string& status) = 0;
  virtual Status SetInvestigatorPermissions(Id id, uint64_t mask) = 0;
  // prefix: the key's first characters ("" for a disabled key: never found).
  virtual Status SetInvestigatorApiKey(Id id, const std::string& hash, const std::string& salt,
                                       const std::string& prefix) = 0;
  virtual Result<std::vector<InvestigatorRecord>> SearchInvestigators(
      const InvestigatorQuery& q) = 0;

  // ---- agents' relay identities
  virtual Result<std::optional<AgentCredentialRecord>> GetAgentCredential(
      const std::string& queue_loc) = 0;
  // Inserts the identity unless its queue location is already enrolled
  // (revoked or not); true when this call inserted it.
  virtual Result<bool> EnrollAgentCredential(const AgentCredentialRecord& r) = 0;
  // Marks an identity revoked; false when the queue location is not enrolled.
  virtual Result<bool> RevokeAgentCredential(const std::string& queue_loc, Time now) = 0;
  // Oldest enrollment first.
  virtual Result<std::vector<AgentCredentialRecord>> ListAgentCredentials(int64_t limit,
                                                                          int64_t offset) = 0;
  // The queue locations among these that have an identity (revoked or not).
  virtual Result<std::vector<std::string>> EnrolledAmong(std::vector<std::string> queue_locs) = 0;
};

// Opens (creating if needed) an SQLite database file in WAL mode and migrates it.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);
// Connects with a libpq connection string ("host=... port=... dbname=..."
// or "postgresql://...") and migrates. Reconnects once when the link drops.
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& conninfo);

}  // namespace mig::store
