#include "modules/registry.h"

#include <algorithm>
#include <map>
#include <mutex>

namespace mig::modules {
namespace {

struct Table {
  std::mutex mu;
  std::map<std::string, ModuleFactory, std::less<>> factories;
};

// A function-local static: registration runs during static initialisation of
// other translation units, whose order is unspecified.
Table& GlobalTable() {
  static Table table;
  return table;
}

}  // namespace

bool RegisterModule(std::string name, ModuleFactory factory) {
  Table& t = GlobalTable();
  std::lock_guard lock(t.mu);
  t.factories[std::move(name)] = std::move(factory);
  return true;
}

std::unique_ptr<Module> CreateModule(std::string_view name) {
  Table& t = GlobalTable();
  std::lock_guard lock(t.mu);
  auto it = t.factories.find(name);
  if (it == t.factories.end()) return nullptr;
  return it->second();
}

std::vector<std::string> ModuleNames() {
  Table& t = GlobalTable();
  std::lock_guard lock(t.mu);
  std::vector<std::string> names;
  for (const auto& [name, factory] : t.factories)
    names.push_back(name);
  return names;
}

}  // namespace mig::modules
