// Turns actions into commands (protocol.md 8.1, without MIG's leaks): claims
// due actions, resolves each target with one query, inserts every command in
// one batch, publishes them pipelined with publisher confirms, and marks a
// command whose agent queue does not exist as failed instead of losing it.
// Also expires what is late: pending actions and commands past expiry.
//
// Confirms are settled asynchronously, at each Tick: with persistent messages
// RabbitMQ confirms a command only once its agent's queue has synced it to
// disk, one fsync per queue, so confirming 10,000 commands takes far longer
// than delivering them. Waiting for them would hold the action in
// "preparing" and the collector loop with it. An action stays "preparing"
// (Recover publishes it again after a crash) until every command of it is
// confirmed; its results are stored meanwhile and complete it as usual.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/documents.h"
#include "core/status.h"
#include "relay/amqp_connection.h"
#include "store/store.h"

namespace mig::scheduler {

struct DispatchStats {
  int64_t actions = 0;  // actions whose every command was confirmed
  int64_t commands_published = 0;
  int64_t commands_unroutable = 0;
};

class Dispatcher {
 public:
  // Both are used only from the thread that calls Tick/Recover.
  // persistent: commands as persistent messages (protocol.md 7.4).
  Dispatcher(store::Store& store, relay::AmqpConnection& publisher, bool persistent = true)
      : store_(store), publisher_(publisher), persistent_(persistent) {}

  // Finishes what a previous run left half-done: actions still "scheduled"
  // are expanded; "preparing" ones have their "sent" commands published
  // again (agents drop a command id they have already seen).
  Status Recover(Time now);

  // One collector round: settle the confirms that came in, expire, claim due
  // actions and publish them.
  Result<DispatchStats> Tick(Time now);

  // Commands published and not yet confirmed (or returned) by the relay.
  size_t unsettled() const { return by_sequence_.size(); }

 private:
  // A published command until the relay confirms it.
  struct InFlight {
    Id action_id = 0;
    Id command_id = 0;
    std::string queue_loc;
    int64_t agent_pid = 0;
    size_t operations = 0;
  };
  struct Publishing {  // an action whose commands are not all confirmed
    std::string name;
    size_t unconfirmed = 0;
    size_t commands = 0;
    Time started;
    bool warned = false;
  };

  Status Expand(Action action, Time now);
  // Publishes every command (pipelined); confirms are settled later.
  Status Publish(const Action& action, const std::vector<Command>& commands, Time now);
  // Reads the confirms and returns that arrived, fails the returned
  // commands, and moves fully confirmed actions to "inflight".
  Status Settle(Time now, DispatchStats& stats);

  store::Store& store_;
  relay::AmqpConnection& publisher_;
  bool persistent_ = true;
  std::map<uint64_t, InFlight> by_sequence_;  // publish sequence -> command
  std::map<Id, Publishing> publishing_;
};

}  // namespace mig::scheduler
