// Runs the netstat searches against the kernel state (spec/modules/
// netstat.md section 4) and builds the result (section 5). Each value is
// searched on its own; its matches are stored under the value string.
#pragma once

#include <cstdint>

#include "core/documents.h"
#include "modules/netstat/params.h"

namespace mig::modules::netstat {

// Validated parameters in, a success result out (errors in one value go to
// `errors` and leave that value null). totalhits counts every element.
ModuleResult RunSearches(const Parameters& params);

}  // namespace mig::modules::netstat
