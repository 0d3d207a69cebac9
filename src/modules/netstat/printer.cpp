#include "modules/netstat/printer.h"

namespace mig::modules::netstat {
namespace {

std::string Str(const OrderedJson& e, const char* key) {
  auto it = e.find(key);
  return it != e.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string Num(const OrderedJson& e, const char* key) {
  auto it = e.find(key);
  return it != e.end() && it->is_number() ? std::to_string(it->get<int64_t>()) : "0";
}

std::string Line(const std::string& category, const std::string& value, const OrderedJson& e) {
  std::string line;
  if (category == "localmac") {
    line = "found local mac " + Str(e, "localmacaddr") + " for netstat localmac:'" + value + "'";
  } else if (category == "neighbormac") {
    line = "found neighbor mac " + Str(e, "remotemacaddr") + " " + Str(e, "remoteaddr") +
           " for netstat neighbormac:'" + value + "'";
  } else if (category == "neighborip") {
    line = "found neighbor IP " + Str(e, "remoteaddr") + " " + Str(e, "remotemacaddr") +
           " for netstat neighborIP:'" + value + "'";
  } else if (category == "localip") {
    line = "found local ip " + Str(e, "localaddr") + " for netstat localip:'" + value + "'";
  } else if (category == "connectedip") {
    line = "found connected tuple " + Str(e, "remoteaddr") + ":" + Num(e, "remoteport") +
           " with local tuple " + Str(e, "localaddr") + ":" + Num(e, "localport") +
           " for netstat connectedip:'" + value + "'";
  } else {
    line = "found listening port " + Num(e, "localport") + " for netstat listeningport:'" + value +
           "'";
  }
  const std::string ns = Str(e, "namespace");
  if (!ns.empty() && ns != "default") line += " namespace:[" + ns + "]";
  return line;
}

}  // namespace

std::vector<std::string> PrintResult(const ModuleResult& result, bool found_only) {
  std::vector<std::string> lines;
  if (result.elements.is_object()) {
    for (const char* category :
         {"localmac", "neighbormac", "neighborip", "localip", "connectedip", "listeningport"}) {
      auto cat = result.elements.find(category);
      if (cat == result.elements.end() || !cat->is_object()) continue;
      const std::string label =
          std::string(category) == "neighborip" ? "neighborIP" : std::string(category);
      for (const auto& [value, list] : cat->items()) {
        if (list.is_array() && !list.empty()) {
          for (const auto& e : list)
            lines.push_back(Line(category, value, e));
        } else if (!found_only && label != "localmac") {
          lines.push_back("did not find anything for netstat " + label + ":'" + value + "'");
        }
      }
    }
  }
  // Found-only mode shows findings alone, as the other modules' printers do:
  // an investigator filtering a fleet's answers wants no per-agent footer.
  if (found_only) return lines;
  for (const auto& e : result.errors)
    lines.push_back("error: " + e);
  const auto& st = result.statistics;
  if (st.is_object()) {
    lines.push_back("Statistics: total hits " + st.value("totalhits", OrderedJson(0)).dump() +
                    " examined " + st.value("examined", OrderedJson(0)).dump() +
                    " items exectime " + st.value("exectime", std::string()));
  }
  return lines;
}

}  // namespace mig::modules::netstat
