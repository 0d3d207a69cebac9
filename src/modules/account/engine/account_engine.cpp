#include "modules/account/engine/account_engine.h"

#include "modules/account/account_module.h"
#include "modules/account/engine/account_ops.h"

namespace mig::modules::account {

ModuleResult RunAccountAction(const Parameters& params) {
  const AccountSystem system;
  if (!params.lock.empty()) return LockAccount(params.lock, params.dryrun, system);
  return UnlockAccount(params.unlock, params.dryrun, system);
}

}  // namespace mig::modules::account

MIG_REGISTER_MODULE_ENGINE(::mig::modules::account::AccountSpec,
                           ::mig::modules::account::RunAccountAction)
