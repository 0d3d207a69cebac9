#include "client/module_command.h"

#include <iostream>

namespace mig::client {

// Placeholder until module command lines land (issue 3).
int RunModuleCommand(const std::string& module, const std::vector<std::string>&) {
  std::cerr << "mig " << module << ": not built yet\n";
  return 2;
}

}  // namespace mig::client
