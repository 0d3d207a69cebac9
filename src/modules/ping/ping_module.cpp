#include "modules/ping/ping_module.h"

MIG_REGISTER_MODULE_SPEC(::mig::modules::ping::PingSpec)
