#include "client/module_command.h"

#include <iostream>

#include "modules/registry.h"

namespace mig::client {
namespace {

bool IsHelp(const std::vector<std::string>& args) {
  return args.empty() || args[0].empty() || args[0] == "help" || args[0] == "-h" ||
         args[0] == "--help" || args[0] == "-help";
}

}  // namespace

int RunModuleCommand(const std::string& module, const std::vector<std::string>& args) {
  auto instance = modules::CreateModule(module);
  if (!instance) {
    std::cerr << "mig: unknown command or module '" << module << "' (see mig help)\n";
    return 2;
  }
  if (IsHelp(args)) {
    std::cout << instance->Usage();
    return args.empty() ? 2 : 0;
  }
  // Global options come first; the first unknown flag starts the module's.
  bool local = false;
  bool print_params = false;
  bool show_all = false;
  size_t i = 0;
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--local") {
      local = true;
    } else if (a == "-t" && i + 1 < args.size()) {
      local = args[++i] == "local";
    } else if (a == "-p") {
      print_params = true;
    } else if (a == "-show" && i + 1 < args.size()) {
      show_all = args[++i] != "found";
    } else {
      break;
    }
  }
  std::vector<std::string> module_args(args.begin() + static_cast<long>(i), args.end());
  auto params = instance->ParametersFromArgs(module_args);
  if (!params) {
    std::cerr << "mig " << module << ": " << params.error() << "\n";
    return 2;
  }
  if (print_params) {
    std::cout << params->dump() << "\n";
    return 0;
  }
  if (!local) {
    std::cerr << "mig " << module
              << ": running on the fleet needs the API, which is not built yet; use -t local "
                 "(or --local) to run the module on this machine\n";
    return 2;
  }
  const ModuleResult result = instance->Run(*params);
  for (const auto& line : instance->Print(result, !show_all))
    std::cout << line << "\n";
  if (!result.success) {
    for (const auto& e : result.errors)
      std::cerr << "mig " << module << ": " << e << "\n";
    return 2;
  }
  return result.found_anything ? 0 : 1;
}

}  // namespace mig::client
