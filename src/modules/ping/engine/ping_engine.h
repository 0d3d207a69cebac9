// The ping module's engine: the probes, one per attempt, 100 ms apart
// (spec/modules/ping.md section 4). Only mig-agent links it.
#pragma once

#include "core/documents.h"
#include "modules/ping/params.h"

namespace mig::modules::ping {

// Parameters and what their validation settled (the address, the counts).
ModuleResult RunPing(const Parameters& params, const Target& target);

}  // namespace mig::modules::ping
