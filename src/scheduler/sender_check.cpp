#include "scheduler/sender_check.h"

#include "core/log_escape.h"

namespace mig::scheduler {

Status CheckSender(const std::optional<std::string>& sender, const std::string& claimed,
                   bool enrolled, const SenderPolicy& policy) {
  // The messages end up in logs: what the agent wrote is escaped.
  const std::string queue_loc = EscapeLogValue(claimed);
  if (sender) {
    if (*sender == claimed) return Status::Ok();
    return Status::Error("speaks for agent " + queue_loc + " but was sent by relay user \"" +
                         EscapeLogValue(*sender) + "\"");
  }
  if (enrolled) {
    return Status::Error("agent " + queue_loc +
                         " has its own relay identity; a message without its user-id is forged");
  }
  if (!policy.accept_shared_account) {
    return Status::Error("no user-id (MIG's shared relay account) for agent " + queue_loc +
                         ", and [agent] acceptsharedaccount is off");
  }
  return Status::Ok();
}

}  // namespace mig::scheduler
