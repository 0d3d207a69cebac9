// The process module's engine: selects the processes a validated request
// names and signals them (docs/modules/process.md). Only mig-agent links it.
#pragma once

#include "core/documents.h"
#include "modules/process/params.h"

namespace mig::modules::process {

ModuleResult RunProcessAction(const Parameters& params, const Request& request);

}  // namespace mig::modules::process
