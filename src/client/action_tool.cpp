#include "client/action_tool.h"

#include <iostream>

namespace mig::client {

// Placeholder until the signing tool lands (issue 2).
int RunActionTool(const std::vector<std::string>&) {
  std::cerr << "mig action: not built yet\n";
  return 2;
}

}  // namespace mig::client
