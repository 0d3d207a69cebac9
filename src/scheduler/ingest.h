// What agents send back, stored in batches: results (protocol.md 5.4, 8.2)
// and legacy AMQP heartbeats (6.2). Garbage is logged and dropped; it never
// stops the batch it arrived in.
#pragma once

#include <set>
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
Result<IngestStats> IngestResults(store::Store& store, const std::vector<RelayMessage>& messages,
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
Result<IngestStats> IngestHeartbeats(store::Store& store, const std::vector<RelayMessage>& messages,
                                     const HeartbeatRules& rules, Time now);

}  // namespace mig::scheduler
