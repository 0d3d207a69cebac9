// The agent's trust decision for an action (protocol.md 3.5): validity
// window, every signature against the investigators' keys, ACL weights per
// operation (unless onlyverifypubkey).
#pragma once

#include <memory>
#include <mutex>

#include "agent/command_runner.h"
#include "agent/config.h"
#include "core/acl.h"
#include "core/pgp/keyring.h"

namespace mig::agent {

class PgpAuthorizer : public ActionAuthorizer {
 public:
  PgpAuthorizer(pgp::Keyring keyring, Acl acl, bool only_verify_pubkey)
      : keyring_(std::move(keyring)), acl_(std::move(acl)), only_verify_(only_verify_pubkey) {}
  Status Authorize(const Action& action, const Time& now) const override;

 private:
  // One librnp context serves every worker thread, and librnp contexts are
  // not thread-safe: verifications take turns.
  mutable std::mutex keyring_mutex_;
  pgp::Keyring keyring_;
  Acl acl_;
  bool only_verify_;
};

// From the configuration's keys and ACL; an invalid ACL is an error.
Result<std::unique_ptr<ActionAuthorizer>> MakeAuthorizer(const AgentConfig& config);

}  // namespace mig::agent
