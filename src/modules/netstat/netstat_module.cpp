#include "modules/netstat/netstat_module.h"

#include "modules/module_adapter.h"

MIG_REGISTER_MODULE_SPEC(::mig::modules::netstat::NetstatSpec)
