// The agent's trust decision for an action (protocol.md 3.5): validity
// window, every signature against the investigators' keys, ACL weights per
// operation (unless onlyverifypubkey). Respond operations are gated harder
// (docs/acl.md): a short validity window, their own ACL entry or "respond",
// and onlyverifypubkey never waives their weights.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>

#include "agent/command_runner.h"
#include "agent/config.h"
#include "core/acl.h"
#include "core/pgp/keyring.h"

namespace mig::agent {

// How respond operations are told apart and how long they may stay valid.
struct RespondPolicy {
  IsRespondModule is_respond;  // empty: no module is a respond module
  std::chrono::seconds max_validity = kDefaultRespondMaxValidity;
};

class PgpAuthorizer : public ActionAuthorizer {
 public:
  PgpAuthorizer(pgp::Keyring keyring, Acl acl, bool only_verify_pubkey, RespondPolicy respond)
      : keyring_(std::move(keyring)),
        acl_(std::move(acl)),
        only_verify_(only_verify_pubkey),
        respond_(std::move(respond)) {}
  Status Authorize(const Action& action, const Time& now) const override;

 private:
  // One librnp context serves every worker thread, and librnp contexts are
  // not thread-safe: verifications take turns.
  mutable std::mutex keyring_mutex_;
  pgp::Keyring keyring_;
  Acl acl_;
  bool only_verify_;
  RespondPolicy respond_;
};

// From the configuration's keys, ACL and [respond] settings, with the
// respond modules of the registry; an invalid ACL is an error.
Result<std::unique_ptr<ActionAuthorizer>> MakeAuthorizer(const AgentConfig& config);

}  // namespace mig::agent
