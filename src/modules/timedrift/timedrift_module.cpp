#include "modules/timedrift/timedrift_module.h"

MIG_REGISTER_MODULE_SPEC(::mig::modules::timedrift::TimedriftSpec)
