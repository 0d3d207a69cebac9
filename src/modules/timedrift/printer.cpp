#include "modules/timedrift/printer.h"

namespace mig::modules::timedrift {

std::vector<std::string> PrintTimedriftResult(const ModuleResult& result, bool found_only) {
  std::vector<std::string> lines;
  const OrderedJson& e = result.elements;
  if (e.is_object()) {
    lines.push_back("local time is " + e.value("localtime", std::string()));
    if (e.value("hascheckeddrift", false)) {
      if (e.value("iswithindrift", false)) {
        lines.push_back("local time is within acceptable drift from NTP servers");
      } else {
        lines.push_back("local time is out of sync from NTP servers");
        if (auto d = e.find("drifts"); d != e.end() && d->is_array())
          for (const auto& line : *d)
            lines.push_back(line.get<std::string>());
      }
    }
  }
  if (found_only) return lines;
  for (const auto& err : result.errors) {
    lines.push_back("error:");
    lines.push_back(err);
  }
  const OrderedJson& st = result.statistics;
  if (st.is_object()) {
    lines.push_back("stat: execution time was " + st.value("exectime", std::string()));
    if (auto n = st.find("ntpstats"); n != st.end() && n->is_array()) {
      for (const auto& s : *n) {
        const std::string host = s.value("host", std::string());
        if (!s.value("reachable", false)) {
          lines.push_back("stat: " + host + " was unreachable");
          continue;
        }
        lines.push_back("stat: " + host + " responded in " + s.value("latency", std::string()) +
                        " with time " + s.value("time", std::string()) + ". local time drifts by " +
                        s.value("drift", std::string()));
      }
    }
  }
  lines.push_back(result.success ? "timedrift module has succeeded"
                                 : "timedrift module has failed");
  return lines;
}

}  // namespace mig::modules::timedrift
