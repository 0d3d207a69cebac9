#include "client/result_printer.h"

#include "modules/registry.h"

namespace mig::client {
namespace {

OrderedJson Base(const Command& c) {
  OrderedJson j;
  j["agent"] = c.agent.name;
  j["agentid"] = c.agent.id;
  j["actionid"] = c.action.id;
  j["commandid"] = c.id;
  j["status"] = c.status;
  return j;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v)
    out += (out.empty() ? "" : "; ") + s;
  return out;
}

}  // namespace

ResultPrinter::ResultPrinter(const Action& action, ShowMode show, bool json, std::ostream& out)
    : show_(show), json_(json), out_(out) {
  if (action.operations) {
    for (const auto& op : *action.operations)
      modules_.push_back(op.module);
  }
}

void ResultPrinter::Line(const Command& c, const std::string& module, const std::string& text) {
  out_ << c.agent.name << " " << module << " " << text << "\n";
}

void ResultPrinter::Add(const Command& c) {
  if (!seen_.insert(c.id).second) return;
  if (c.status != "success") {
    problems_.push_back(c.agent.name + ": command " + c.status);
    if (show_ == ShowMode::kAll) {
      if (json_) {
        out_ << Base(c).dump() << "\n";
      } else {
        Line(c, "-", "command " + c.status);
      }
    }
    out_.flush();
    return;
  }
  bool found = false;
  for (size_t i = 0; i < c.results.size(); ++i) {
    const ModuleResult& r = c.results[i];
    const std::string module = i < modules_.size() ? modules_[i] : "?";
    found = found || r.found_anything;
    if (!r.success || !r.errors.empty())
      problems_.push_back(c.agent.name + ": " + module + ": " + Join(r.errors));
    const bool wanted = show_ == ShowMode::kAll ||
                        (show_ == ShowMode::kFound ? r.found_anything : !r.found_anything);
    if (!wanted) continue;
    if (json_) {
      OrderedJson j = Base(c);
      j["module"] = module;
      j["foundanything"] = r.found_anything;
      j["success"] = r.success;
      j["elements"] = r.elements;
      j["errors"] = r.errors;
      out_ << j.dump() << "\n";
      continue;
    }
    auto instance = modules::CreateModule(module);
    std::vector<std::string> lines;
    if (instance) lines = instance->Print(r, show_ == ShowMode::kFound);
    if (!instance) lines.push_back(r.elements.dump());
    if (lines.empty()) lines.push_back(r.found_anything ? "found" : "nothing found");
    for (const auto& l : lines)
      Line(c, module, l);
    if (show_ == ShowMode::kAll) {  // otherwise listed once in the summary
      for (const auto& e : r.errors)
        Line(c, module, "error: " + e);
    }
  }
  if (found) ++agents_found_;
  out_.flush();
}

}  // namespace mig::client
