// The ping module's human-readable lines, as `mig ping` prints results
// (spec/modules/ping.md), and the latency codes the engine writes in place
// of a time (spec section 4).
#pragma once

#include <string>
#include <vector>

#include "core/documents.h"

namespace mig::modules::ping {

constexpr double kRefusedCode = -1;
constexpr double kTimedOutCode = 9999999;
constexpr double kFailedCode = 0;

std::vector<std::string> PrintPingResult(const ModuleResult& result, bool found_only);

}  // namespace mig::modules::ping
