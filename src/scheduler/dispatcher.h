// Turns actions into commands (protocol.md 8.1, without MIG's leaks): claims
// due actions, resolves each target with one query, inserts every command in
// one batch, publishes them pipelined with publisher confirms, and marks a
// command whose agent queue does not exist as failed instead of losing it.
// Also expires what is late: pending actions and commands past expiry.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/documents.h"
#include "core/status.h"
#include "relay/amqp_connection.h"
#include "store/store.h"

namespace mig::scheduler {

struct DispatchStats {
  int64_t actions = 0;
  int64_t commands_published = 0;
  int64_t commands_unroutable = 0;
};

class Dispatcher {
 public:
  // Both are used only from the thread that calls Tick/Recover.
  Dispatcher(store::Store& store, relay::AmqpConnection& publisher)
      : store_(store), publisher_(publisher) {}

  // Finishes what a previous run left half-done: actions still "scheduled"
  // are expanded; "preparing" ones have their "sent" commands published
  // again (agents drop a command id they have already seen).
  Status Recover(Time now);

  // One collector round: expire, claim due actions and dispatch them.
  Result<DispatchStats> Tick(Time now);

 private:
  Status Expand(Action action, Time now, DispatchStats& stats);
  // Publishes and waits for confirms; unroutable commands are failed.
  Status Publish(const Action& action, std::vector<Command>& commands, Time now,
                 DispatchStats& stats);

  store::Store& store_;
  relay::AmqpConnection& publisher_;
};

}  // namespace mig::scheduler
