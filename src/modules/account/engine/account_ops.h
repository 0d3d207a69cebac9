// Locking and unlocking one account (docs/modules/account.md): the order of
// the steps, what is checked before anything changes, what is recorded.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "core/documents.h"
#include "modules/account/engine/passwd_lock.h"

namespace mig::modules::account {

// Where and how: the real system's values by default; tests shorten the
// lock wait.
struct AccountSystem {
  std::string etc_dir = "/etc";
  std::chrono::milliseconds lock_wait = kPasswdLockWait;
  // Accounts below this uid are system accounts (login.defs' usual UID_MIN):
  // killing their processes stops services, which a responder does with the
  // service manager, not by locking the account.
  uint32_t first_user_uid = 1000;
};

ModuleResult LockAccount(const std::string& user, bool dryrun, const AccountSystem& system);
ModuleResult UnlockAccount(const std::string& user, bool dryrun, const AccountSystem& system);

}  // namespace mig::modules::account
