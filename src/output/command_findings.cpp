#include "output/command_findings.h"

#include <algorithm>

#include "output/ecs.h"
#include "output/finding_facts.h"
#include "output/json_line.h"
#include "output/module_findings.h"
#include "output/ocsf.h"

namespace mig::output {
namespace {

std::vector<std::string> Modules(const Action& action) {
  std::vector<std::string> modules;
  if (action.operations) {
    for (const auto& op : *action.operations)
      modules.push_back(op.module);
  }
  return modules;
}

// A command that did not succeed: one error finding per operation, so each
// carries the class of its module.
std::vector<Finding> CommandFailure(const Command& c, const std::vector<std::string>& modules) {
  std::vector<std::string> errors{"command " + c.status};
  for (const auto& r : c.results)
    errors.insert(errors.end(), r.errors.begin(), r.errors.end());
  std::vector<Finding> out;
  const size_t n = std::max<size_t>(1, modules.size());
  for (size_t i = 0; i < n; ++i) {
    Finding f;
    f.module = i < modules.size() ? modules[i] : "unknown";
    f.finding_class = f.module == "scribe" ? FindingClass::kCompliance : FindingClass::kDetection;
    f.outcome = Outcome::kError;
    f.operation = i;
    f.errors = errors;
    f.title = f.module + " did not run: command " + c.status;
    out.push_back(std::move(f));
  }
  return out;
}

std::string Render(const Finding& f, const Action& action, const Command& command, Format format,
                   size_t max_string) {
  return JsonLine(
      format == Format::kOcsf ? OcsfFinding(f, action, command) : EcsFinding(f, action, command),
      max_string);
}

// Lists an agent makes as long as it likes, trimmed when a line is too long.
void Trim(Finding& f) {
  if (f.check) {
    if (f.check->results.size() > 50) f.check->results.resize(50);
    if (f.check->tags.size() > 20) f.check->tags.resize(20);
  }
  if (f.errors.size() > 10) f.errors.resize(10);
}

// The finding as one line of at most kMaxLineBytes: an oversized element is
// left out (its size said instead), then lists are trimmed, then every
// string is cut shorter.
std::string BoundedLine(Finding f, const Action& action, const Command& command, Format format) {
  std::string line = Render(f, action, command, format, kMaxStringBytes);
  if (line.size() <= kMaxLineBytes) return line;
  f.evidence = {{"left_out", "the module's element made a finding of " +
                                 std::to_string(line.size()) + " bytes (limit " +
                                 std::to_string(kMaxLineBytes) + ")"}};
  Trim(f);
  line = Render(f, action, command, format, kMaxStringBytes);
  if (line.size() <= kMaxLineBytes) return line;
  return Render(f, action, command, format, 200);
}

}  // namespace

std::vector<FindingLine> CommandFindings(const Action& given, const Command& command, Format format,
                                         Selection selection) {
  // What the producer's copy of the action lacks, the command's copy may
  // have (the API fills the investigators and the ID on reads).
  Action action = given;
  if (action.id == 0) action.id = command.action.id;
  if (action.name.empty()) action.name = command.action.name;
  if (action.investigators.empty()) action.investigators = command.action.investigators;
  if (!action.operations || action.operations->empty())
    action.operations = command.action.operations;
  if (action.threat.level.empty() && action.threat.ref.empty())
    action.threat = command.action.threat;
  const auto modules = Modules(action);
  std::vector<Finding> findings;
  if (command.status != "success") {
    findings = CommandFailure(command, modules);
  } else {
    for (size_t i = 0; i < command.results.size(); ++i) {
      const std::string module = i < modules.size() ? modules[i] : "unknown";
      for (auto& f : ModuleFindings(module, command.results[i], selection)) {
        f.operation = i;
        findings.push_back(std::move(f));
      }
    }
  }
  std::vector<FindingLine> lines;
  for (const auto& f : findings) {
    FindingLine line;
    line.json = BoundedLine(f, action, command, format);
    line.severity = FindingSeverity(f, action);
    line.kind = f.finding_class == FindingClass::kCompliance ? "compliance" : "detection";
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace mig::output
