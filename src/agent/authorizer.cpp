#include "agent/authorizer.h"

#include "agent/respond_window.h"
#include "core/action_validation.h"
#include "core/pgp/verify.h"
#include "core/signed_string.h"
#include "modules/module_kinds.h"

namespace mig::agent {

Status PgpAuthorizer::Authorize(const Action& action, const Time& now) const {
  // First, so that an action without expiry is refused for that reason
  // rather than as "expired".
  Status window = CheckRespondWindow(action, respond_.is_respond, respond_.max_validity);
  if (!window.ok()) return window;
  Status valid = ValidateAction(action, now, /*agent_side=*/true);
  if (!valid.ok()) return valid;
  const std::string signed_string = SignedString(action);
  std::vector<std::string> signers;
  std::lock_guard<std::mutex> lock(keyring_mutex_);
  for (size_t i = 0; i < action.pgp_signatures.size(); ++i) {
    auto check = pgp::VerifySignature(keyring_, signed_string, action.pgp_signatures[i]);
    if (!check.valid()) {
      return Status::Error("signature " + std::to_string(i + 1) + " of action " +
                           std::to_string(action.id) + " is not valid: " + check.message);
    }
    signers.push_back(check.fingerprint);
  }
  for (const auto& op : *action.operations) {
    const AclScope scope = ScopeOf(respond_.is_respond, op.module);
    // onlyverifypubkey is MIG's switch for investigations; it never lets
    // one key change endpoints.
    if (only_verify_ && scope == AclScope::kInvestigate) continue;
    Status allowed = CheckPermission(acl_, op.module, signers, scope);
    if (!allowed.ok()) return allowed;
  }
  return Status::Ok();
}

Result<std::unique_ptr<ActionAuthorizer>> MakeAuthorizer(const AgentConfig& config) {
  auto acl = ParseAcl(config.acl_json);
  if (!acl) return acl.status().Context("ACL");
  pgp::Keyring keyring;
  for (size_t i = 0; i < config.investigator_keys.size(); ++i) {
    // An unreadable key is skipped, like MIG does, but never silently.
    Status s = keyring.Add(config.investigator_keys[i]);
    if (!s.ok())
      fprintf(stderr, "mig-agent: skipping investigator key %zu: %s\n", i + 1, s.message().c_str());
  }
  RespondPolicy respond{
      .is_respond = [names = modules::RespondModuleNames()](
                        const std::string& module) { return names.count(module) > 0; },
      .max_validity = config.respond_max_validity};
  return std::unique_ptr<ActionAuthorizer>(new PgpAuthorizer(
      std::move(keyring), std::move(acl.value()), config.only_verify_pubkey, std::move(respond)));
}

}  // namespace mig::agent
