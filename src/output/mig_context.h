// The MIG facts both formats carry as they are (OCSF under unmapped.mig,
// ECS under mig): action, command, investigators, module, the raw element.
#pragma once

#include "core/documents.h"
#include "output/finding.h"

namespace mig::output {

OrderedJson MigContext(const Finding& finding, const Action& action, const Command& command);

// The investigators who signed the action: {"name", "pgp_fingerprint"}.
OrderedJson Investigators(const Action& action);

}  // namespace mig::output
