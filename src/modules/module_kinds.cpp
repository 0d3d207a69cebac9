#include "modules/module_kinds.h"

#include "modules/registry.h"

namespace mig::modules {

std::set<std::string> RespondModuleNames() {
  std::set<std::string> names;
  for (const auto& name : ModuleNames()) {
    auto module = CreateModule(name);
    if (module && module->Kind() == ModuleKind::kRespond) names.insert(name);
  }
  return names;
}

}  // namespace mig::modules
