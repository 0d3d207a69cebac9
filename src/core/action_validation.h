// The checks every MIG component applies to an action before trusting it
// (protocol.md 2.5). One error per broken rule, first failing rule wins.
#pragma once

#include "core/documents.h"
#include "core/status.h"
#include "core/time.h"

namespace mig {

// The only action syntax MIG knows.
inline constexpr int kActionSyntaxVersion = 2;

// Rejects: empty name; empty target; syntaxversion != 2; validfrom after
// expireafter; expireafter before now; operations null ([] passes); no
// signature. agent_side adds: validfrom after now. Module names, parameters
// and the target's syntax are not checked here.
Status ValidateAction(const Action& action, const Time& now, bool agent_side);

}  // namespace mig
