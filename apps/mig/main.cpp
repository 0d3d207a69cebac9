// mig: the investigator's command line.
#include <iostream>
#include <string>
#include <vector>

#include "client/action_tool.h"
#include "client/module_command.h"
#include "modules/registry.h"

namespace {

void PrintUsage(std::ostream& out) {
  out << "usage: mig <command> [options]\n\n"
         "commands:\n"
         "  action sign FILE     sign an action file (mig action sign --help)\n"
         "  action verify FILE   check an action's signatures and ACL (mig action verify --help)\n";
  for (const auto& name : mig::modules::ModuleNames()) {
    out << "  " << name << std::string(name.size() < 19 ? 19 - name.size() : 1, ' ') << "run the "
        << name << " module (mig " << name << " --help)\n";
  }
  out << "\nexit status: 0 found / success, 1 nothing found / verification failed, 2 usage or "
         "other error\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
    PrintUsage(args.empty() ? std::cerr : std::cout);
    return args.empty() ? 2 : 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  if (command == "action") return mig::client::RunActionTool(args);
  return mig::client::RunModuleCommand(command, args);
}
