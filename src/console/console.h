// mig-console's top level (components.md 10): the dashboard at start, then
// the `mig>` prompt with readers, create, search, status and the rest.
#pragma once

#include "console/session.h"

namespace mig::console {

struct ConsoleOptions {
  bool banner = true;  // -q turns it off
};

// Runs until exit or Ctrl-D; returns the process exit status.
int RunConsole(Session& s, const ConsoleOptions& options);

// Completion candidates at the top level, for `line` up to the cursor.
std::vector<std::string> CompleteTopLevel(const std::string& line);

}  // namespace mig::console
