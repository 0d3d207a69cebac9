#include "modules/ping/ping_module.h"

#include <chrono>
#include <cmath>
#include <thread>

#include "modules/go_json.h"
#include "modules/ping/params.h"
#include "modules/ping/probes.h"
#include "modules/registry.h"

namespace mig::modules::ping {
namespace {

ModuleResult Failure(const std::string& message) {
  ModuleResult r;
  r.errors.push_back(message);
  return r;
}

}  // namespace

ModuleResult PingModule::Run(const Json& parameters) {
  auto params = DecodeParameters(parameters);
  if (!params) return Failure(params.error());
  auto target = ValidateParameters(*params);
  if (!target) return Failure(target.error());
  const std::string& proto = params->protocol;
  ModuleResult r;
  r.success = true;
  OrderedJson latencies = OrderedJson::array();
  std::vector<std::string> failures;
  const int timeout_ms = target->timeout_seconds * 1000;
  for (int i = 0; i < target->count; ++i) {
    const auto start = std::chrono::steady_clock::now();
    ProbeResult probe;
    if (proto == "icmp") {
      probe = IcmpProbe(target->ip, timeout_ms, i);
    } else if (proto == "tcp") {
      probe = TcpProbe(target->ip, target->port, timeout_ms);
    } else {
      probe = UdpProbe(target->ip, target->port, timeout_ms);
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
  std::string resolved = params->destination;
  if (proto != "icmp") resolved += ":" + std::to_string(target->port);
  resolved += " (" + target->ip + ")";
  r.elements = OrderedJson::object();
  r.elements["latencies"] = latencies;
  r.elements["protocol"] = proto;
  r.elements["resolvedhost"] = resolved;
  r.elements["failures"] = failures.empty() ? OrderedJson(nullptr) : OrderedJson(failures);
  return r;
}

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

std::vector<std::string> PingModule::Print(const ModuleResult& result, bool found_only) const {
  return PrintPingResult(result, found_only);
}

Result<Json> PingModule::ParametersFromArgs(const std::vector<std::string>& args) const {
  auto params = ParsePingArgs(args);
  if (!params) return params.status();
  if (auto t = ValidateParameters(*params); !t) return t.status();
  return Json::parse(ParametersToJson(*params).dump());
}

std::string PingModule::Usage() const {
  return PingUsage();
}

}  // namespace mig::modules::ping

MIG_REGISTER_MODULE(ping, ::mig::modules::ping::PingModule)
