#include <map>
#include <mutex>
#include <set>

#include "modules/persistent.h"

namespace mig::modules {
namespace {

struct Table {
  std::mutex mu;
  std::map<std::string, PersistentModuleFactory, std::less<>> factories;
  // Names registered twice: neither registration is trusted.
  std::set<std::string, std::less<>> duplicates;
};

// Function-local: registrations run from other units' static initialisers.
Table& GlobalTable() {
  static Table table;
  return table;
}

}  // namespace

bool RegisterPersistentModule(std::string name, PersistentModuleFactory factory) {
  Table& t = GlobalTable();
  std::lock_guard lock(t.mu);
  if (t.factories.contains(name) || t.duplicates.contains(name)) {
    t.factories.erase(name);
    t.duplicates.insert(std::move(name));
    return false;
  }
  t.factories.emplace(std::move(name), std::move(factory));
  return true;
}

std::unique_ptr<PersistentModule> CreatePersistentModule(std::string_view name) {
  Table& t = GlobalTable();
  std::lock_guard lock(t.mu);
  auto it = t.factories.find(name);
  if (it == t.factories.end()) return nullptr;
  return it->second();
}

std::vector<std::string> PersistentModuleNames() {
  Table& t = GlobalTable();
  std::lock_guard lock(t.mu);
  std::vector<std::string> names;
  for (const auto& [name, factory] : t.factories)
    names.push_back(name);
  return names;
}

}  // namespace mig::modules
