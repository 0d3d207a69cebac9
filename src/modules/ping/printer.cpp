#include "modules/ping/printer.h"

#include <cmath>

namespace mig::modules::ping {

std::vector<std::string> PrintPingResult(const ModuleResult& result, bool found_only) {
  std::vector<std::string> lines;
  const OrderedJson& e = result.elements;
  if (!e.is_object()) {
    for (const auto& err : result.errors)
      lines.push_back("error: " + err);
    return lines;
  }
  const std::string proto = e.value("protocol", std::string());
  const std::string host = e.value("resolvedhost", std::string());
  if (result.found_anything) {
    lines.push_back(proto + " ping of " + host + " succeeded. Target is reachable.");
    if (found_only) return lines;
  } else {
    if (found_only) return lines;
    lines.push_back(proto + " ping of " + host + " failed. Target is no reachable.");
  }
  auto it = e.find("latencies");
  if (it == e.end() || !it->is_array()) return lines;
  int i = 0;
  for (const auto& l : *it) {
    ++i;
    const double v = l.is_number() ? l.get<double>() : 0;
    const std::string n = "ping #" + std::to_string(i);
    if (v == kRefusedCode) {
      lines.push_back(n + " failed, target was unreachable");
    } else if (v == kFailedCode) {
      lines.push_back(n + " failed, reason unknown");
    } else if (v == kTimedOutCode) {
      lines.push_back(proto == "udp" ? n + " may have succeeded (no udp response)"
                                     : n + " failed, connection timed out");
    } else {
      lines.push_back(n + " succeeded in " + std::to_string(std::llround(v)) + "ms");
    }
  }
  return lines;
}

}  // namespace mig::modules::ping
