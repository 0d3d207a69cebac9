#include "modules/ping/engine/ping_engine.h"

#include <chrono>
#include <thread>

#include "modules/go_json.h"
#include "modules/module_adapter.h"
#include "modules/ping/engine/probes.h"
#include "modules/ping/ping_module.h"

namespace mig::modules::ping {

ModuleResult RunPing(const Parameters& params, const Target& target) {
  const std::string& proto = params.protocol;
  ModuleResult r;
  r.success = true;
  OrderedJson latencies = OrderedJson::array();
  std::vector<std::string> failures;
  const int timeout_ms = target.timeout_seconds * 1000;
  for (int i = 0; i < target.count; ++i) {
    const auto start = std::chrono::steady_clock::now();
    ProbeResult probe;
    if (proto == "icmp") {
      probe = IcmpProbe(target.ip, timeout_ms, i);
    } else if (proto == "tcp") {
      probe = TcpProbe(target.ip, target.port, timeout_ms);
    } else {
      probe = UdpProbe(target.ip, target.port, timeout_ms);
    }
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    switch (probe.outcome) {
      case Outcome::kAnswered:
        latencies.push_back(ms > 0 ? ms : 1e-6);
        r.found_anything = true;
        break;
      case Outcome::kRefused:
        latencies.push_back(gojson::Number(kRefusedCode));
        break;
      case Outcome::kTimeout:
        latencies.push_back(gojson::Number(kTimedOutCode));
        if (proto == "udp") r.found_anything = true;  // no answer may mean open
        break;
      case Outcome::kError:
        latencies.push_back(gojson::Number(kFailedCode));
        failures.push_back("ping #" + std::to_string(i + 1) + " failed with error: " + probe.error);
        break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::string resolved = params.destination;
  if (proto != "icmp") resolved += ":" + std::to_string(target.port);
  resolved += " (" + target.ip + ")";
  r.elements = OrderedJson::object();
  r.elements["latencies"] = latencies;
  r.elements["protocol"] = proto;
  r.elements["resolvedhost"] = resolved;
  r.elements["failures"] = failures.empty() ? OrderedJson(nullptr) : OrderedJson(failures);
  return r;
}

}  // namespace mig::modules::ping

MIG_REGISTER_MODULE_ENGINE(::mig::modules::ping::PingSpec, ::mig::modules::ping::RunPing)
