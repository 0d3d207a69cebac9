#include "modules/process/process_module.h"

MIG_REGISTER_MODULE_SPEC(::mig::modules::process::ProcessSpec)
