// The fixed names of MIG's relay topology and the properties every message
// carries (protocol.md 7). These are wire facts: MIG agents and schedulers use
// exactly these names.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/time.h"

namespace mig::relay {

// Exchanges, both direct, durable, not auto-delete, not internal (7.1).
inline constexpr std::string_view kToAgentsExchange = "toagents";
inline constexpr std::string_view kToSchedulersExchange = "toschedulers";
inline constexpr std::string_view kExchangeType = "direct";
// Where the scheduler publishes commands: RabbitMQ's default exchange, which
// delivers to the queue the routing key names ("mig.agt.<queueloc>") whether
// or not the agent bound it to toagents. Agents with their own relay account
// never bind (the right to bind to toagents is the right to bind any key,
// that is to read every agent's commands); MIG's agents still do, harmlessly.
// The scheduler's broker account needs write on "amq.default" for it.
inline constexpr std::string_view kCommandExchange = "";

// Scheduler queues; the routing key equals the queue name (7.3).
inline constexpr std::string_view kHeartbeatsQueue = "mig.agt.heartbeats";
inline constexpr std::string_view kResultsQueue = "mig.agt.results";

// Agent queue = routing key = "mig.agt.<queueloc>" (7.2).
inline constexpr std::string_view kAgentQueuePrefix = "mig.agt.";

// AMQP short strings (queue names, routing keys) hold at most 255 bytes.
inline constexpr size_t kMaxQueueNameBytes = 255;

// Checks that a queue location can name a queue: not empty, printable ASCII
// without spaces, short enough for "mig.agt." + queueloc to fit in 255 bytes,
// and not one of the scheduler queue suffixes ("heartbeats", "results"), which
// would let an agent read the scheduler's queues.
Status ValidateQueueLoc(std::string_view queueloc);

// "mig.agt.<queueloc>"; the caller validates queueloc first.
std::string AgentQueueName(std::string_view queueloc);

// Properties of a message on the relay. Defaults are those of every MIG
// message: persistent (delivery mode 2), content type text/plain.
struct MessageProperties {
  bool persistent = true;
  std::string content_type = "text/plain";
  std::optional<int64_t> timestamp;       // Unix seconds (AMQP timestamp)
  std::optional<std::string> expiration;  // per-message TTL, decimal milliseconds
  // AMQP user-id. RabbitMQ refuses a publish whose user-id is not the
  // publisher's own user name, so on a delivery it names who sent it.
  std::optional<std::string> user_id;
};

// The per-message TTL of a command: the time LEFT until the action expires, in
// milliseconds as a decimal string. MIG used the whole validity window
// (expireafter - validfrom), so a command sent late in the window outlived its
// action (protocol.md 12). Fails when the action has already expired (nothing
// should be sent then).
Result<std::string> CommandExpiration(const Time& expire_after, const Time& now);

// TTL of results and legacy heartbeats: 10 x the agent's heartbeat interval,
// in milliseconds ("3000000" for 300 s). Intervals below 1 s are rejected.
Result<std::string> ReturnExpiration(std::chrono::seconds heartbeat_interval);

// Full property sets for the three message flows of protocol.md 7.4. Commands
// carry `now` as the AMQP timestamp; results and heartbeats carry none (as in
// MIG).
Result<MessageProperties> CommandProperties(const Time& expire_after, const Time& now);
Result<MessageProperties> ResultProperties(std::chrono::seconds heartbeat_interval);
inline Result<MessageProperties> HeartbeatProperties(std::chrono::seconds heartbeat_interval) {
  return ResultProperties(heartbeat_interval);
}

}  // namespace mig::relay
