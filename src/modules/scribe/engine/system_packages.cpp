#include "modules/scribe/engine/system_packages.h"

#include "modules/pkg/engine/inventory.h"

namespace mig::modules::scribe {

PackageInventory SystemPackages() {
  pkg::Inventory inventory = pkg::ReadInventory();
  PackageInventory out;
  out.packages.reserve(inventory.packages.size());
  for (auto& p : inventory.packages)
    out.packages.push_back(Package{std::move(p.name), std::move(p.version)});
  out.problems = std::move(inventory.problems);
  return out;
}

}  // namespace mig::modules::scribe
