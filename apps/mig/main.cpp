// mig: the investigator's command line.
#include <iostream>
#include <string>
#include <vector>

#include "client/action_tool.h"
#include "client/fleet_command.h"
#include "client/fleet_options.h"
#include "client/module_command.h"
#include "modules/registry.h"

namespace {

void PrintUsage(std::ostream& out) {
  out << "usage: mig <module> [global options] [module options]   run a module on the fleet\n"
         "       mig <module> -t local [module options]             run a module here\n"
         "       mig -i ACTIONFILE [global options]                 launch an action file\n"
         "       mig action sign|verify|weigh FILE ...\n\n"
         "commands:\n"
         "  action sign FILE     sign an action file (mig action sign --help)\n"
         "  action sign --append FILE  add your signature to a signed action file\n"
         "  action verify FILE   check an action's signatures and ACL (mig action verify --help)\n"
         "  action weigh FILE    per operation: signatures, their ACL weight, what weight it\n"
         "                       lacks (mig action weigh --help)\n";
  for (const auto& name : mig::modules::ModuleNames()) {
    const auto module = mig::modules::CreateModule(name);
    out << "  " << name << std::string(name.size() < 21 ? 21 - name.size() : 1, ' ') << "run the "
        << name << " module, " << mig::modules::KindName(module->Kind()) << " (mig " << name
        << " --help)\n";
  }
  out << "A module's kind: investigate modules only read, respond modules change the endpoint.\n\n"
      << mig::client::FleetUsage()
      << "mig action sign|verify|weigh: 0 success, 1 signing / verification failed or weight\n"
         "lacking, 2 usage error.\n"
         "Configuration and examples: docs/mig-cli.md.\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
    PrintUsage(args.empty() ? std::cerr : std::cout);
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "-V" || args[0] == "--version") {
    std::cout << "mig " << MIG_VERSION << "\n";
    return 0;
  }
  if (args[0] == "-i" || args[0].rfind("-i=", 0) == 0) {
    auto options = mig::client::ParseFleetOptions(args);
    if (!options.ok()) {
      std::cerr << "mig: " << options.error() << " (see mig help)\n";
      return 2;
    }
    if (!options->module_args.empty()) {
      std::cerr << "mig: unexpected '" << options->module_args[0]
                << "' after -i FILE (only global options go with -i; see mig help)\n";
      return 2;
    }
    return mig::client::RunFleetCommand("", mig::Json(), *options);
  }
  const std::string command = args[0];
  args.erase(args.begin());
  if (command == "action") return mig::client::RunActionTool(args);
  return mig::client::RunModuleCommand(command, args);
}
