#include "modules/scribe/scribe_module.h"

#include "modules/module_adapter.h"

MIG_REGISTER_MODULE_SPEC(::mig::modules::scribe::ScribeSpec)
