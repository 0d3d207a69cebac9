#include "modules/firewall/printer.h"

#include "core/gcfg.h"
#include "modules/result_json.h"

namespace mig::modules::firewall {
namespace {

int64_t Int(const OrderedJson& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

std::string Duration(int64_t seconds) {
  return FormatGoDuration(seconds * 1'000'000'000);
}

void StateLines(const OrderedJson& state, std::vector<std::string>& lines) {
  if (!state.is_object()) return;
  if (auto blocks = state.find("blocks"); blocks != state.end() && blocks->is_array()) {
    for (const auto& b : *blocks) {
      std::string line =
          "blocked " + StringMember(b, "direction") + " " + StringMember(b, "address");
      if (StringMember(b, "protocol") != "any")
        line += " " + StringMember(b, "protocol") + " port " + std::to_string(Int(b, "port"));
      line +=
          ", expires in " + Duration(Int(b, "expires")) + " (ttl " + Duration(Int(b, "ttl")) + ")";
      lines.push_back(line);
    }
  }
  auto iso = state.find("isolation");
  if (iso != state.end() && iso->is_object() && iso->value("active", false)) {
    std::string kept;
    if (auto keep = iso->find("keep"); keep != iso->end() && keep->is_array())
      for (const auto& k : *keep)
        if (k.is_string()) kept += (kept.empty() ? "" : ", ") + k.get<std::string>();
    lines.push_back("isolated, expires in " + Duration(Int(*iso, "expires")) + " (ttl " +
                    Duration(Int(*iso, "ttl")) + "); reachable only through loopback and " +
                    (kept.empty() ? std::string("no kept endpoint") : "tcp " + kept));
  }
}

}  // namespace

std::vector<std::string> PrintResult(const ModuleResult& result, bool found_only) {
  std::vector<std::string> lines;
  const OrderedJson& e = result.elements;
  if (e.is_object() && (!found_only || result.found_anything)) {
    const std::string op = StringMember(e, "operation");
    const bool dryrun = e.value("dryrun", false);
    const OrderedJson state = e.value("state", OrderedJson());
    if (op == "list") {
      StateLines(state, lines);
      if (lines.empty() && !found_only) lines.push_back("no block and no isolation");
    } else {
      std::string what = "firewall " + op;
      if (!StringMember(e, "address").empty()) what += " " + StringMember(e, "address");
      const auto commands = e.value("commands", OrderedJson::array());
      if (commands.empty()) {
        lines.push_back(what + ": nothing to change");
      } else {
        lines.push_back(what + (dryrun ? ": dry run, would run (after creating table inet mig " +
                                             std::string("as needed):")
                                       : ": done, ran:"));
        for (const auto& c : commands)
          if (c.is_string()) lines.push_back("  nft " + c.get<std::string>());
      }
      if (!found_only) StateLines(state, lines);
    }
  }
  if (found_only) return lines;
  for (const auto& err : result.errors)
    lines.push_back("error: " + err);
  return lines;
}

}  // namespace mig::modules::firewall
