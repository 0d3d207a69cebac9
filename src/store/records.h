// Values the Store reads and writes besides the documents of core/documents.h:
// batch items, outcomes, search filters, dashboard statistics.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/documents.h"

namespace mig::store {

// Agent timers of protocol.md section 9.
// How far ahead of this server's clock an agent's heartbeat and refresh
// times may be (a skewed clock); later ones are refused: a time a year ahead
// would never age out, and a stored one would outlive every honest heartbeat.
inline constexpr int64_t kMaxClockAheadSeconds = 24 * 3600;

struct AgentTimers {
  int64_t heartbeat_freq_seconds = 300;    // agents heartbeat this often
  int64_t agent_timeout_seconds = 1200;    // idle -> offline after this silence
  int64_t refresh_tolerance_seconds = 15;  // newer refreshts than this replaces the row
};

// Where a heartbeat came from (protocol.md 6.1 / 6.2). Both follow the same
// rules here; the source is kept for logs and statistics.
enum class HeartbeatSource { kHttp, kAmqp };

struct Heartbeat {
  Agent agent;  // name, queue_loc, mode, version, pid, refresh_time, environment, tags
  HeartbeatSource source = HeartbeatSource::kAmqp;
  // How often this agent says it heartbeats; 0: unknown, the timers'
  // heartbeat_freq_seconds is assumed. The agent becomes idle after five
  // silent intervals and offline after the agent timeout scaled by how much
  // slower than heartbeat_freq_seconds it heartbeats.
  int64_t interval_seconds = 0;
};

enum class HeartbeatResult {
  kInserted,        // first heartbeat of this queueloc+pid: new row, online
  kUpdated,         // existing row refreshed (heartbeat, environment, tags, loader)
  kReplaced,        // environment refreshed: old row offline, new row inserted
  kDestroyedAlive,  // row is "destroyed" but the process still heartbeats
  kRejected,        // invalid heartbeat (see error); nothing stored
};

struct HeartbeatOutcome {
  Id agent_id = 0;
  HeartbeatResult result = HeartbeatResult::kInserted;
  std::string error;  // why it was rejected
};

// A command coming back from an agent, or expired by the scheduler.
struct CommandReturn {
  Id command_id = 0;
  std::string status;  // success | failed | timeout | expired
  std::vector<ModuleResult> results;
  std::string agent_queue_loc;  // as echoed by the agent (protocol.md 5.4)
  int64_t agent_pid = 0;
  Time finish_time;
};

enum class ReturnResult {
  kAccepted,
  kAlreadySucceeded,  // stored status is success: never overwritten
  kUnknownCommand,
  kAgentMismatch,  // no agent row (any status) with that queueloc+pid on the command's queue
  kInvalidStatus,  // status is not success, failed, timeout or expired
};

struct ReturnOutcome {
  Id command_id = 0;
  Id action_id = 0;  // 0 when the command is unknown
  ReturnResult result = ReturnResult::kAccepted;
};

struct ActionProgress {
  Id action_id = 0;
  Counters counters;
  bool completed = false;  // became completed in this recount
};

struct SweepCounts {
  int64_t offline = 0;  // idle (or destroyed) rows silent longer than the timeout
  int64_t idle = 0;     // online rows silent longer than 5 x heartbeat frequency
};

// A queueloc where several agent processes heartbeat (protocol.md 10.1).
struct DuplicateQueue {
  std::string queue_loc;
  std::vector<Agent> agents;  // recent, not offline, oldest start first
};

struct VersionCount {
  std::string version;
  int64_t count = 0;
};

// One agents_stats row (storage.md 2.5 and 4.3).
struct AgentsStats {
  Time timestamp;
  int64_t online_agents = 0;
  std::vector<VersionCount> online_agents_by_version;
  int64_t online_endpoints = 0;
  int64_t idle_agents = 0;
  std::vector<VersionCount> idle_agents_by_version;
  int64_t idle_endpoints = 0;
  int64_t new_endpoints = 0;
  int64_t multi_agents_endpoints = 0;
  int64_t disappeared_endpoints = 0;
  int64_t flapping_endpoints = 0;
};

// An investigator row with what the document leaves out. Key material is
// stored as given: the API hashes API keys (PBKDF2) before they get here.
struct InvestigatorRecord {
  Investigator info;             // info.permissions is not stored; see permission_mask
  uint64_t permission_mask = 0;  // api.md section 3
  std::string private_key;       // armored; only the scheduler's own row
  std::string api_key_hash;      // raw bytes; empty when no key
  std::string api_salt;          // raw bytes
};

// An agent's own relay identity (core/agent_credential.h). The user name at
// the broker is the queue location; only the SHA-256 of the secret is kept.
struct AgentCredentialRecord {
  std::string queue_loc;
  std::string secret_digest;  // hex SHA-256 of the agent's secret
  Time enrolled_at;
  std::optional<Time> revoked_at;  // set: refused for good
};

// Common search bounds. Empty patterns and nullopt IDs do not filter.
// Patterns are SQL LIKE patterns matched case-insensitively, passed as parameters.
struct SearchWindow {
  std::optional<Time> after, before;
  int64_t limit = 100;
  int64_t offset = 0;
};

struct ActionQuery {
  SearchWindow window;  // on validfrom (after) / expireafter (before)
  std::optional<Id> action_id, investigator_id, agent_id;
  std::string name_like, status_like, threat_family_like;
};

struct CommandQuery {
  SearchWindow window;  // on starttime
  std::optional<Id> command_id, action_id, agent_id, investigator_id;
  std::string status_like, action_name_like, agent_name_like;
  // Commands of actions signed by an investigator of that name.
  std::string investigator_name_like;
  // true: succeeded with some result foundanything; false: succeeded, none found.
  std::optional<bool> found_anything;
};

struct AgentQuery {
  SearchWindow window;  // on heartbeattime
  std::optional<Id> agent_id;
  std::string name_like, version_like, status_like, queue_loc_like;
};

struct InvestigatorQuery {
  SearchWindow window;  // on lastmodified
  std::optional<Id> investigator_id;
  std::string name_like, status_like;
};

}  // namespace mig::store
