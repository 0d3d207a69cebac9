// The host's installed packages for package objects: the pkg module's
// inventory (dpkg status database and RPM database, spec/modules/pkg.md).
#pragma once

#include "modules/scribe/engine/packages.h"

namespace mig::modules::scribe {

PackageInventory SystemPackages();

}  // namespace mig::modules::scribe
