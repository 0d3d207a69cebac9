#include "modules/account/account_module.h"

MIG_REGISTER_MODULE_SPEC(::mig::modules::account::AccountSpec)
