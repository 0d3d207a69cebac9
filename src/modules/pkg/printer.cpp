#include "modules/pkg/printer.h"

#include "core/log_escape.h"

namespace mig::modules::pkg {
namespace {

// Package fields come from databases on the endpoint: no control character
// reaches the investigator's terminal.
std::string Field(const OrderedJson& package, const char* key) {
  auto it = package.find(key);
  return it != package.end() && it->is_string() ? EscapeLogValue(it->get<std::string>()) : "";
}

}  // namespace

ModuleResult PkgFailure(const std::string& message) {
  ModuleResult r;
  r.errors.push_back(message);
  r.statistics = OrderedJson::object();
  r.statistics["execruntime"] = "0s";
  return r;
}

std::vector<std::string> PrintResult(const ModuleResult& result, bool found_only) {
  std::vector<std::string> lines;
  if (result.elements.is_object()) {
    auto packages = result.elements.find("packages");
    if (packages != result.elements.end() && packages->is_array()) {
      for (const auto& p : *packages) {
        if (!p.is_object()) continue;
        lines.push_back("pkgmatch name=" + Field(p, "name") + " version=" + Field(p, "version") +
                        " type=" + Field(p, "type") + " arch=" + Field(p, "arch"));
      }
    }
  }
  if (found_only) return lines;
  for (const auto& e : result.errors)
    lines.push_back(EscapeLogValue(e));
  if (result.statistics.is_object()) {
    auto runtime = result.statistics.find("execruntime");
    lines.push_back("Statistics: runtime " +
                    (runtime != result.statistics.end() && runtime->is_string()
                         ? EscapeLogValue(runtime->get<std::string>())
                         : std::string()));
  }
  return lines;
}

}  // namespace mig::modules::pkg
