#include "core/action_validation.h"

namespace mig {

Status ValidateAction(const Action& a, const Time& now, bool agent_side) {
  if (a.name.empty()) return Status::Error("action.name is empty: give the action a name");
  if (a.target.empty()) {
    return Status::Error("action.target is empty: say which agents to target");
  }
  if (a.syntax_version != kActionSyntaxVersion) {
    return Status::Error("action.syntaxversion is " + std::to_string(a.syntax_version) +
                         ", expected " + std::to_string(kActionSyntaxVersion));
  }
  if (a.valid_from > a.expire_after) {
    return Status::Error("action.validfrom (" + FormatTime(a.valid_from) +
                         ") is after action.expireafter (" + FormatTime(a.expire_after) + ")");
  }
  if (a.expire_after < now) {
    return Status::Error("action has expired: expireafter " + FormatTime(a.expire_after) +
                         " is in the past");
  }
  if (!a.operations) return Status::Error("action.operations is null: expected an array");
  if (a.pgp_signatures.empty()) {
    return Status::Error("action.pgpsignatures is empty: the action must be signed");
  }
  if (agent_side && a.valid_from > now) {
    return Status::Error("action is not valid yet: validfrom " + FormatTime(a.valid_from) +
                         " is in the future");
  }
  return Status::Ok();
}

}  // namespace mig
