// `mig action sign|verify`: MIG's action generator and verifier.
#pragma once

#include <string>
#include <vector>

namespace mig::client {

// args excludes "mig action". Returns the process exit status.
int RunActionTool(const std::vector<std::string>& args);

}  // namespace mig::client
