// The scribe module's engine: prepares the document's objects, runs its
// tests and builds the module result (spec/modules/scribe.md section 4.2).
// Only mig-agent links it.
#pragma once

#include "core/documents.h"
#include "modules/scribe/engine/objects.h"
#include "modules/scribe/engine/packages.h"
#include "modules/scribe/params.h"

namespace mig::modules::scribe {

// Evaluates validated parameters with the given package inventory.
ModuleResult EvaluateDocument(const Parameters& params, const PackageSourceFn& packages,
                              const PrepareLimits& limits = {});

// With the host's installed packages (engine/system_packages.h).
ModuleResult RunScribe(const Parameters& params);

}  // namespace mig::modules::scribe
