// Modules register themselves by name; the agent core never knows the list.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "modules/module.h"

namespace mig::modules {

using ModuleFactory = std::function<std::unique_ptr<Module>()>;

// Registers a factory under name; returns true so it can initialise a static.
bool RegisterModule(std::string name, ModuleFactory factory);

// A new instance of the module, or nullptr when no module has that exact
// (case-sensitive) name.
std::unique_ptr<Module> CreateModule(std::string_view name);

// Sorted names of every registered module (the heartbeat's "modules").
std::vector<std::string> ModuleNames();

}  // namespace mig::modules

// In one .cpp of a module: MIG_REGISTER_MODULE(file, FileModule);
#define MIG_REGISTER_MODULE(name, Class)                                                 \
  namespace {                                                                            \
  [[maybe_unused]] const bool registered_module_##name = ::mig::modules::RegisterModule( \
      #name, [] { return std::unique_ptr<::mig::modules::Module>(new Class()); });       \
  }
