// What agents send back, stored in batches: results (protocol.md 5.4, 8.2)
// and legacy AMQP heartbeats (6.2). Garbage is logged and dropped; it never
// stops the batch it arrived in.
#pragma once

#include <functional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "scheduler/batch_receiver.h"
#include "scheduler/sender_check.h"
#include "store/store.h"

namespace mig::scheduler {

struct IngestStats {
  int64_t accepted = 0;
  int64_t rejected = 0;  // unreadable, invalid, or refused by the store
};

// Stores a batch of results, recounts the touched actions (completing those
// whose every command is final). A result is taken only from the agent its
// command went to: the sender must speak for the queue location the result
// names (sender_check.h), and the store checks that it is the command's.
Result<IngestStats> IngestResults(store::Store& store, std::span<const RelayMessage> messages,
                                  const SenderPolicy& senders, Time now);

// Which queue locations may heartbeat (protocol.md 7.6): one per line, or
// "re:<regex>" (anchored). Empty: everyone.
class Whitelist {
 public:
  static Result<Whitelist> Load(const std::string& path);  // "" -> allow all
  bool Allows(const std::string& queue_loc) const;

 private:
  bool allow_all_ = true;
  std::set<std::string> exact_;
  std::vector<std::string> patterns_;
};

struct HeartbeatRules {
  store::AgentTimers timers;
  const Whitelist* whitelist = nullptr;
  SenderPolicy senders;
};

// A heartbeat is taken only from the agent it describes (sender_check.h).
Result<IngestStats> IngestHeartbeats(store::Store& store, std::span<const RelayMessage> messages,
                                     const HeartbeatRules& rules, Time now);

// Stores a batch with store(). When that fails with a data error (a message
// the store cannot take: Status::is_data_error), stores each half on its
// own, recursively, so that the message at fault is found, logged (escaped)
// and dropped, and every other one stored: one poisoned message neither
// blocks the batch nor comes back forever. Any other error (connection lost)
// is returned, and the batch is redelivered. `what` names a message in logs
// ("result", "heartbeat"); *dropped counts the messages dropped.
Status StoreIsolatingBadMessages(std::span<const RelayMessage> messages, const char* what,
                                 const std::function<Status(std::span<const RelayMessage>)>& store,
                                 int64_t* dropped = nullptr);

}  // namespace mig::scheduler
