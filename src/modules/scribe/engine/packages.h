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
using PackageSourceFn = std::function<PackageList()>;

}  // namespace mig::modules::scribe
