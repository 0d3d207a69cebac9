// pkg's engine: the inventory read once, then each name regex in turn over
// every package (spec: modules/pkg.md section 4), no de-duplication.
#pragma once

#include <vector>

#include "core/documents.h"
#include "modules/pkg/engine/inventory.h"
#include "modules/pkg/params.h"

namespace mig::modules::pkg {

// The packages params select from inventory, in the spec's order.
std::vector<InstalledPackage> SelectPackages(const Parameters& params,
                                             const std::vector<InstalledPackage>& inventory);

// The module's result for an inventory: packages (an empty list, never
// null), the inventory's problems as errors (success stays true: the other
// source still answered), execruntime.
ModuleResult PkgResult(const Parameters& params, const Inventory& inventory, int64_t runtime_ns);

// Reads this endpoint's inventory and searches it.
ModuleResult RunPkg(const Parameters& params);

}  // namespace mig::modules::pkg
