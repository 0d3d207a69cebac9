#include "modules/memory/printer.h"

#include <utility>

namespace mig::modules::memory {

std::vector<std::string> PrintMemoryResult(const ModuleResult& result, bool found_only) {
  std::vector<std::string> lines;
  if (result.elements.is_object()) {
    for (const auto& [label, list] : result.elements.items()) {
      if (!list.is_array()) continue;
      for (const auto& e : list) {
        const std::string name = e["process"].value("name", std::string());
        if (name.empty()) {
          if (!found_only) lines.push_back("0 match found in search '" + label + "'");
          continue;
        }
        std::string line = name + " [pid:" + std::to_string(e["process"].value("pid", 0)) +
                           "] in search '" + label + "'";
        const OrderedJson& s = e["search"];
        const bool matchall = s.contains("options") && s["options"].value("matchall", false);
        if (!matchall) {
          line += " on checks";
          for (auto [key, word] : {std::pair{"names", "name"},
                                   {"libraries", "library"},
                                   {"contents", "content"},
                                   {"bytes", "byte"}})
            if (s.contains(key))
              for (const auto& v : s[key])
                line += std::string(" ") + word + "='" + v.get<std::string>() + "'";
        }
        lines.push_back(line);
      }
    }
  }
  if (found_only) return lines;
  const OrderedJson& st = result.statistics;
  size_t nfail = 0;
  if (st.is_object() && st.contains("failures"))
    for (const auto& f : st["failures"]) {
      lines.push_back("Failure: " + f.get<std::string>());
      ++nfail;
    }
  for (const auto& e : result.errors)
    lines.push_back(e);
  if (st.is_object())
    lines.push_back("Statistics: " + st.value("processcount", OrderedJson(0)).dump() +
                    " processes checked, " + st.value("totalhits", OrderedJson(0)).dump() +
                    " matched, " + std::to_string(nfail) + " failures, ran in " +
                    st.value("exectime", std::string()) + ".");
  return lines;
}

}  // namespace mig::modules::memory
