#include "modules/memory/memory_module.h"

#include "modules/module_adapter.h"

MIG_REGISTER_MODULE_SPEC(::mig::modules::memory::MemorySpec)
