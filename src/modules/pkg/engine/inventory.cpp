#include "modules/pkg/engine/inventory.h"

#include <utility>

#include "modules/pkg/engine/dpkg_status.h"
#include "modules/pkg/engine/rpm_database.h"

namespace mig::modules::pkg {

Inventory ReadInventory(const InventorySources& sources) {
  Inventory inventory;
  auto take = [&inventory](Result<std::vector<InstalledPackage>>& packages) {
    if (!packages) {
      inventory.problems.push_back(packages.error());
      return;
    }
    for (auto& p : *packages)
      inventory.packages.push_back(std::move(p));
  };
  auto rpm = ReadRpmDatabase(sources.rpm_dbpath);
  take(rpm.packages);
  auto dpkg = ReadDpkgStatus(sources.dpkg_status);
  take(dpkg.packages);
  return inventory;
}

}  // namespace mig::modules::pkg
