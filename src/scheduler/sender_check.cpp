#include "scheduler/sender_check.h"

namespace mig::scheduler {

Status CheckSender(const std::optional<std::string>& sender, const std::string& queue_loc,
                   bool enrolled, const SenderPolicy& policy) {
  if (sender) {
    if (*sender == queue_loc) return Status::Ok();
    return Status::Error("speaks for agent " + queue_loc + " but was sent by relay user \"" +
                         *sender + "\"");
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
