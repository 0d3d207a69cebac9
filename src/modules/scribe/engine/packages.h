// The installed packages package objects query (spec/modules/scribe.md
// section 3.3), behind a function so that tests feed fixtures and the
// inventory is built once per run, only when a document has a package
// object.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace mig::modules::scribe {

struct Package {
  std::string name;
  std::string version;  // [E:]V-R as the package manager writes it
};

using PackageList = std::vector<Package>;

struct PackageInventory {
  PackageInventory() = default;
  PackageInventory(PackageList list)
      : packages(std::move(list)) {}  // NOLINT: a list is a whole inventory
  PackageList packages;
  // A package database that exists but could not be read: package objects
  // then fail with it rather than call every package absent.
  std::vector<std::string> problems;
};

using PackageSourceFn = std::function<PackageInventory()>;

}  // namespace mig::modules::scribe
