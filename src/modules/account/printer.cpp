#include "modules/account/printer.h"

namespace mig::modules::account {
namespace {

std::string Str(const OrderedJson& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

bool Bool(const OrderedJson& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace

std::vector<std::string> PrintResult(const ModuleResult& result, bool found_only) {
  std::vector<std::string> lines;
  const OrderedJson& e = result.elements;
  if (e.is_object()) {
    const bool dryrun = Bool(e, "dryrun");
    std::string head = (dryrun ? "dry run: " : "") + Str(e, "operation") + " " + Str(e, "user");
    auto uid = e.find("uid");
    if (uid != e.end() && uid->is_number()) head += " (uid " + uid->dump() + ")";
    auto steps = e.find("steps");
    if (steps != e.end() && steps->is_array()) {
      for (const auto& s : *steps) {
        if (!s.is_object()) continue;
        const bool changed = Bool(s, "changed");
        if (found_only && !changed) continue;
        const std::string file = Str(s, "file");
        lines.push_back(head + ": " + (file.empty() ? "" : file + ": ") + Str(s, "detail"));
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
