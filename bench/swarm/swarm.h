// A swarm of simulated MIG agents on a real relay. Each agent speaks the
// agent side of protocol.md: its own queue mig.agt.<queueloc> bound to
// toagents, legacy AMQP heartbeats to toschedulers/mig.agt.heartbeats (spread
// over the interval), commands consumed and acked on receipt, the action's
// signatures checked with the real agent authorizer, and a synthetic result
// published to mig.agt.results after a configurable delay.
//
// Each agent signs its heartbeats and results with its queue location as
// AMQP user-id, as an agent with its own relay account does, so the relay
// account must be allowed to impersonate (RabbitMQ's "impersonator" tag).
//
// Many agents share one connection: each connection is one thread that owns
// its AmqpConnection (one channel, one consumer per agent queue) and does all
// of its agents' publishing and consuming, so 10,000 agents need a handful of
// sockets and threads.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/documents.h"
#include "core/status.h"
#include "delay.h"
#include "relay/amqp_connection.h"

namespace mig::bench {

// How commands are checked before answering.
enum class VerifyMode {
  kEvery,  // every command, like N real agents would (costs the swarm's CPU)
  kOnce,   // once per action and connection, then the verdict is reused
  kNone,   // skipped, to isolate the server's cost
};
Result<VerifyMode> ParseVerifyMode(const std::string& text);

struct SwarmOptions {
  relay::ConnectOptions relay;  // an account with the "impersonator" tag
  size_t agents = 1000;
  size_t connections = 4;
  std::string name_prefix = "swarm-";
  uint64_t seed = 1;  // queue locations derive from it: same seed, same agents
  std::chrono::seconds heartbeat_interval{60};
  Delay answer_delay;  // "0" by default
  // Fractions of the agents (taken in this order from the end of the list).
  double slow_fraction = 0, silent_fraction = 0, offline_fraction = 0;
  std::chrono::milliseconds slow_extra{10000};  // added to a slow agent's delay
  VerifyMode verify = VerifyMode::kOnce;
  std::string investigator_key;  // armored public key (needed unless kNone)
  std::string acl_json;          // agent ACL; empty: the key with weight 1 for everything
};

// What the swarm saw of one action.
struct ActionSeen {
  int64_t commands = 0;
  int64_t results = 0;
  std::chrono::steady_clock::time_point first_command, last_command;
  std::chrono::steady_clock::time_point first_result, last_result;  // published
};

struct SwarmCounters {
  int64_t heartbeats = 0, commands = 0, results = 0, rejected = 0, publish_errors = 0;
};

class Swarm {
 public:
  static Result<std::unique_ptr<Swarm>> Start(const SwarmOptions& options);
  ~Swarm();  // Stop()
  Swarm(const Swarm&) = delete;
  Swarm& operator=(const Swarm&) = delete;

  void Stop();
  // Non-empty when a connection thread failed (lost relay etc).
  std::string error() const;

  SwarmCounters counters() const;
  ActionSeen Seen(Id action_id) const;
  // Agents that answer commands (not silent, not offline).
  size_t answering() const { return answering_; }
  // Agents that heartbeat after their first one (not offline).
  size_t alive() const { return alive_; }

 private:
  struct Agent;
  class Link;
  explicit Swarm(const SwarmOptions& options);

  SwarmOptions options_;
  std::vector<std::unique_ptr<Link>> links_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stop_{false};
  size_t answering_ = 0, alive_ = 0;

  mutable std::mutex mu_;
  std::string error_;
  std::map<Id, ActionSeen> seen_;
  std::atomic<int64_t> heartbeats_{0}, commands_{0}, results_{0}, rejected_{0}, publish_errors_{0};

  void Fail(const std::string& why);
  void RecordCommand(Id action_id);
  void RecordResult(Id action_id);
};

// "linux." followed by 90 characters of [0-9a-zA-Z], derived from seed and
// index (MIG's queue location shape, protocol.md 7.2).
std::string SwarmQueueLoc(uint64_t seed, size_t index);

}  // namespace mig::bench
