#include "modules/firewall/firewall_module.h"

MIG_REGISTER_MODULE_SPEC(::mig::modules::firewall::FirewallSpec)
