#include "modules/scribe/engine/system_packages.h"

namespace mig::modules::scribe {

// Until the pkg module's inventory lands (branch pkgmod), no package is
// known: package tests are false, as on a host without dpkg or RPM.
PackageList SystemPackages() {
  return {};
}

}  // namespace mig::modules::scribe
