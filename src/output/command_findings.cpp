#include "output/command_findings.h"

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

}  // namespace

std::vector<FindingLine> CommandFindings(const Action& given, const Command& command, Format format,
                                         Selection selection) {
  // The command carries its action when the producer has no other copy.
  const Action& action = given.id == 0 && command.action.id != 0 ? command.action : given;
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
    line.json = JsonLine(format == Format::kOcsf ? OcsfFinding(f, action, command)
                                                 : EcsFinding(f, action, command));
    line.severity = FindingSeverity(f, action);
    line.kind = f.finding_class == FindingClass::kCompliance ? "compliance" : "detection";
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace mig::output
