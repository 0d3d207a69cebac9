#include "client/module_command.h"

#include <iostream>

#include "client/fleet_command.h"
#include "client/fleet_options.h"
#include "client/local_host.h"
#include "client/local_module.h"
#include "modules/registry.h"
#include "output/command_findings.h"

namespace mig::client {
namespace {

// -t local -o ocsf|ecs: the result as findings of this machine, as if an
// agent here had answered an action of one operation.
void PrintLocalFindings(const std::string& module, const ModuleResult& result,
                        const FleetOptions& options) {
  Action action;
  action.name =
      options.name.empty() ? DefaultActionName(module, options.module_args) : options.name;
  action.operations = std::vector<Operation>{Operation{module, Json::object(), false, false}};
  Command command;
  command.status = "success";
  command.agent = LocalAgent();
  command.results = {result};
  command.finish_time = Time::Now();
  const auto selection = options.show == ShowMode::kFound      ? output::Selection::kFound
                         : options.show == ShowMode::kNotFound ? output::Selection::kNotFound
                                                               : output::Selection::kAll;
  for (const auto& line :
       output::CommandFindings(action, command, *options.findings_format, selection))
    std::cout << line.json << "\n";
}

}  // namespace

int RunModuleCommand(const std::string& module, const std::vector<std::string>& args) {
  auto instance = modules::CreateModule(module);
  if (!instance) {
    std::cerr << "mig: unknown command or module '" << module << "' (see mig help)\n";
    return 2;
  }
  auto options = ParseFleetOptions(args);
  if (!options.ok()) {
    std::cerr << "mig " << module << ": " << options.error() << " (see mig " << module
              << " help)\n";
    return 2;
  }
  if (args.empty() || options->help) {
    std::cout << instance->Usage() << "\n" << FleetUsage();
    return args.empty() ? 2 : 0;
  }
  if (options->version) {
    std::cout << "mig " << MIG_VERSION << "\n";
    return 0;
  }
  auto params = instance->ParametersFromArgs(options->module_args, modules::DiskFiles());
  if (!params) {
    std::cerr << "mig " << module << ": " << params.error() << "\n";
    return 2;
  }
  if (!options->local) return RunFleetCommand(module, *params, *options);

  auto run = RunModuleLocally(module, *params);
  if (!run) {
    std::cerr << "mig " << module << ": " << run.error() << "\n";
    return 2;
  }
  const ModuleResult& result = *run;
  if (options->findings_format) {
    PrintLocalFindings(module, result, *options);
  } else {
    for (const auto& line : instance->Print(result, options->show == ShowMode::kFound))
      std::cout << line << "\n";
  }
  if (!result.success) {
    for (const auto& e : result.errors)
      std::cerr << "mig " << module << ": " << e << "\n";
    return 2;
  }
  return result.found_anything ? 0 : 1;
}

}  // namespace mig::client
