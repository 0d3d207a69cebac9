// The `create` commands: the action launcher and the investigator creator.
#pragma once

#include "console/session.h"

namespace mig::console {

// The action launcher mode (`mig action launcher>`): build an action from
// module operations or a file, sign it with the investigator's key, count
// the targets, post it, follow it, then open its reader.
void ActionLauncher(Session& s);

// Asks for a name, a public key file and permission sets, then creates the
// investigator and opens its reader.
void CreateInvestigator(Session& s);

// Set by the console's SIGINT handler while an action is being followed.
void RequestStopFollowing();

}  // namespace mig::console
