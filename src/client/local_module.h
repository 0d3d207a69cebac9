// `mig MODULE -t local`: runs a module on this machine. `mig` carries no
// module engine (docs/modules/README.md), so it hands the parameters to
// `mig-agent -m MODULE`, the program that runs modules, as the agent does
// with its own children, and reads back the result document.
#pragma once

#include <string>

#include "core/documents.h"
#include "core/status.h"

namespace mig::client {

// The mig-agent to run: $MIG_AGENT when set, else the mig-agent beside this
// program, else ../sbin/mig-agent (packaging/install puts mig in
// /usr/local/bin and the agent in /usr/local/sbin), else the build tree's
// (apps/mig/mig next to apps/mig-agent/mig-agent), else the first on $PATH.
// Empty when none is found.
std::string FindAgentProgram();

// The module's result, or why the module could not be run (no mig-agent,
// killed, no result document). The module's own failures (bad parameters,
// nothing readable) come back as a result, as they always did.
Result<ModuleResult> RunModuleLocally(const std::string& module, const Json& parameters);

}  // namespace mig::client
