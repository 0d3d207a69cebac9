// mig-agent: for now the module runner (`-m MODULE`); the daemon comes later.
#include <iostream>
#include <string>
#include <vector>

#include "agent/module_runner.h"

namespace {

void PrintUsage(std::ostream& out) {
  out << "usage: mig-agent -m MODULE [-p]\n\n"
         "  -m MODULE  read a parameters message "
         "({\"class\":\"parameters\",\"parameters\":{...}})\n"
         "             on stdin (ended by a newline or EOF), run the module and print one\n"
         "             result JSON document on stdout\n"
         "  -p         print the result as human-readable lines instead of JSON\n"
         "  -h         this help\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string module;
  bool print_lines = false;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-h" || args[i] == "--help") {
      PrintUsage(std::cout);
      return 0;
    } else if (args[i] == "-p") {
      print_lines = true;
    } else if (args[i] == "-m" && i + 1 < args.size()) {
      module = args[++i];
    } else {
      std::cerr << "mig-agent: unknown or incomplete argument '" << args[i] << "'\n";
      PrintUsage(std::cerr);
      return 2;
    }
  }
  if (module.empty()) {
    PrintUsage(std::cerr);
    return 2;
  }
  bool found = false;
  const std::string message = mig::agent::ReadModuleMessage(std::cin);
  const mig::ModuleResult result = mig::agent::RunModuleMessage(module, message, &found);
  std::cout << mig::agent::RenderModuleResult(module, result, print_lines && found);
  std::cout.flush();
  if (!found) {
    std::cerr << "mig-agent: module '" << module << "' is not available\n";
    return 1;
  }
  return 0;
}
