#include "client/result_printer.h"

#include "modules/registry.h"
#include "output/command_findings.h"

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

// The file module reports every dangling link or unreadable entry it meets
// as an error, as MIG's does (MIG's clients expect it). On a real system they
// are noise, not failures (Debian 12 ships a dangling link in /etc), so they
// are counted apart from the errors that mean a search failed.
bool IsSkippedEntry(const std::string& error) {
  return error.rfind("ERROR: followSymLink() -> ", 0) == 0;
}

output::Selection SelectionOf(ShowMode show) {
  switch (show) {
    case ShowMode::kFound:
      return output::Selection::kFound;
    case ShowMode::kNotFound:
      return output::Selection::kNotFound;
    case ShowMode::kAll:
      break;
  }
  return output::Selection::kAll;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v)
    out += (out.empty() ? "" : "; ") + s;
  return out;
}

}  // namespace

ResultPrinter::ResultPrinter(const Action& action, ShowMode show, bool json, std::ostream& out)
    : action_(action), show_(show), json_(json), out_(out) {
  if (action.operations) {
    for (const auto& op : *action.operations)
      modules_.push_back(op.module);
  }
}

ResultPrinter::ResultPrinter(const Action& action, ShowMode show, output::Format format,
                             std::ostream& out)
    : ResultPrinter(action, show, false, out) {
  format_ = format;
}

void ResultPrinter::Line(const Command& c, const std::string& module, const std::string& text) {
  out_ << c.agent.name << " " << module << " " << text << "\n";
}

void ResultPrinter::Add(const Command& c) {
  if (!seen_.insert(c.id).second) return;
  // Standard findings: the library decides what a finding is; the counts
  // and problems below are kept for the summary on stderr.
  if (format_) {
    for (const auto& line : output::CommandFindings(action_, c, *format_, SelectionOf(show_)))
      out_ << line.json << "\n";
  }
  const bool text = !format_;
  if (c.status != "success") {
    problems_.push_back(c.agent.name + ": command " + c.status);
    // A script reading -o json learns of a failure from its own line,
    // whatever -show says (people get the summary at the end instead).
    if (json_) {
      OrderedJson j = Base(c);
      std::vector<std::string> errors;
      for (const auto& r : c.results)
        errors.insert(errors.end(), r.errors.begin(), r.errors.end());
      j["errors"] = errors;
      out_ << j.dump() << "\n";
    } else if (text && show_ == ShowMode::kAll) {
      Line(c, "-", "command " + c.status);
    }
    out_.flush();
    return;
  }
  bool found = false;
  for (size_t i = 0; i < c.results.size(); ++i) {
    const ModuleResult& r = c.results[i];
    const std::string module = i < modules_.size() ? modules_[i] : "?";
    found = found || r.found_anything;
    std::vector<std::string> errors;
    for (const auto& e : r.errors) {
      if (!IsSkippedEntry(e)) {
        errors.push_back(e);
        continue;
      }
      ++skipped_entries_;
      if (skipped_examples_.size() < kMaxSkippedExamples)
        skipped_examples_.push_back(c.agent.name + ": " + e.substr(26));
    }
    if (!r.success || !errors.empty())
      problems_.push_back(c.agent.name + ": " + module + ": " + Join(errors));
    const bool module_failed = !r.success;
    const bool wanted = show_ == ShowMode::kAll || (json_ && module_failed) ||
                        (show_ == ShowMode::kFound ? r.found_anything : !r.found_anything);
    if (!wanted || !text) continue;
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
