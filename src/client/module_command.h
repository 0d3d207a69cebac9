// `mig MODULE [options]`: builds a module's parameters from command-line
// flags and runs it, locally (-t local / --local) or, later, on the fleet.
#pragma once

#include <string>
#include <vector>

namespace mig::client {

// module is the first argument of `mig`; args are the ones after it.
// Returns the process exit status (0 found, 1 nothing found, 2 error).
int RunModuleCommand(const std::string& module, const std::vector<std::string>& args);

}  // namespace mig::client
