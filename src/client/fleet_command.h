// `mig <module> ...` against the fleet and `mig -i FILE`: build (or read)
// the action, sign it with the migrc's key, submit it to the API, follow its
// results and print them (components.md 9).
#pragma once

#include <string>

#include "client/fleet_options.h"
#include "core/documents.h"

namespace mig::client {

// An action with one operation of `module` with `parameters`, the target,
// name and times of the options; compressed with -z. macros come from the
// migrc.
Action BuildFleetAction(const std::string& module, const Json& parameters, const FleetOptions& o,
                        const std::map<std::string, std::string>& macros, const Time& now);

// module: the module name, or empty with o.action_file set (-i). Returns the
// process exit status: 0 found, 1 nothing found, 2 usage/server error.
int RunFleetCommand(const std::string& module, const Json& parameters, const FleetOptions& o);

}  // namespace mig::client
