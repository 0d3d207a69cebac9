// The account module's engine: locks or unlocks the account a validated
// request names (docs/modules/account.md). Only mig-agent links it.
#pragma once

#include "core/documents.h"
#include "modules/account/params.h"

namespace mig::modules::account {

ModuleResult RunAccountAction(const Parameters& params);

}  // namespace mig::modules::account
