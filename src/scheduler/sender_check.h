// Who may speak for an agent on the relay. RabbitMQ refuses a publish whose
// user-id property is not the publisher's own broker user name, so a message
// that carries a user-id comes from that user: an agent with its own relay
// account (core/agent_credential.h) signs everything it publishes with its
// queue location. MIG's agents, on MIG's shared account, set none: whoever
// holds the shared password could have sent it.
#pragma once

#include <optional>
#include <string>

#include "core/status.h"

namespace mig::scheduler {

struct SenderPolicy {
  // [agent] acceptsharedaccount: take messages without a user-id (MIG's
  // agents on the shared account). Never for an agent that has its own
  // identity, whatever this says.
  bool accept_shared_account = false;
};

// May a message that speaks for `queue_loc` be accepted? sender: the
// delivery's user-id. enrolled: queue_loc has its own relay identity (only
// consulted for messages without a user-id). The error says why not.
Status CheckSender(const std::optional<std::string>& sender, const std::string& queue_loc,
                   bool enrolled, const SenderPolicy& policy);

}  // namespace mig::scheduler
