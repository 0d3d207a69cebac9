#include "modules/account/printer.h"

#include "modules/result_json.h"

namespace mig::modules::account {

std::vector<std::string> PrintResult(const ModuleResult& result, bool found_only) {
  std::vector<std::string> lines;
  const OrderedJson& e = result.elements;
  if (e.is_object()) {
    const bool dryrun = BoolMember(e, "dryrun");
    std::string head =
        (dryrun ? "dry run: " : "") + StringMember(e, "operation") + " " + StringMember(e, "user");
    auto uid = e.find("uid");
    if (uid != e.end() && uid->is_number()) head += " (uid " + uid->dump() + ")";
    auto steps = e.find("steps");
    if (steps != e.end() && steps->is_array()) {
      for (const auto& s : *steps) {
        if (!s.is_object()) continue;
        const bool changed = BoolMember(s, "changed");
        if (found_only && !changed) continue;
        const std::string file = StringMember(s, "file");
        lines.push_back(head + ": " + (file.empty() ? "" : file + ": ") +
                        StringMember(s, "detail"));
      }
    }
    if (!found_only && !result.found_anything && result.errors.empty())
      lines.push_back(head + ": nothing to change");
  }
  if (found_only) return lines;
  for (const auto& err : result.errors)
    lines.push_back("error: " + err);
  return lines;
}

}  // namespace mig::modules::account
