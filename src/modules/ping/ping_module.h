// The ping module: reachability from the endpoint (spec/modules/ping.md).
// Linux only (raw and ICMP datagram sockets, nonblocking connect).
#pragma once

#include <string>
#include <vector>

#include "modules/module.h"

namespace mig::modules::ping {

// Latency codes stored instead of a time (spec section 4).
constexpr double kRefusedCode = -1;
constexpr double kTimedOutCode = 9999999;
constexpr double kFailedCode = 0;

class PingModule : public Module {
 public:
  std::string_view Name() const override { return "ping"; }
  ModuleResult Run(const Json& parameters) override;
  std::vector<std::string> Print(const ModuleResult& result, bool found_only) const override;
  Result<Json> ParametersFromArgs(const std::vector<std::string>& args) const override;
  std::string Usage() const override;
};

std::vector<std::string> PrintPingResult(const ModuleResult& result, bool found_only);

}  // namespace mig::modules::ping
