// Getting an action file ready to sign, the way MIG's action generator does
// (components.md 11, protocol.md 2.2): missing times and syntax version are
// filled in, operations that ask for it are compressed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/documents.h"
#include "core/status.h"
#include "core/time.h"

namespace mig::client {

// MIG's generator: validfrom = now - 60 s, expireafter = validfrom + 30 min.
inline constexpr int64_t kValidFromSkewSeconds = 60;
inline constexpr int64_t kDefaultLifetimeSeconds = 30 * 60;

// Parses the action file. validfrom and expireafter that are absent (or
// null) get the generator's defaults; present ones are kept, since other
// people may already have signed over them. syntaxversion absent or 0
// becomes 2. Errors name the field and the problem.
Result<Action> ReadActionForSigning(std::string_view text, const Time& now);

// Compresses every operation with want_compressed that is not compressed yet.
void CompressWantedOperations(Action& action);

// The checks of action_validation.h that do not depend on signatures:
// the action must be one an agent could accept once signed.
Status CheckSignable(const Action& action, const Time& now);

}  // namespace mig::client
