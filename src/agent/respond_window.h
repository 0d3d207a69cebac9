// The validity window of actions that change endpoints: a signed respond
// action must expire, and soon, so that a leaked or forgotten one cannot be
// replayed onto new agents for long ([respond] maxvalidity, docs/acl.md).
#pragma once

#include <chrono>

#include "core/acl.h"
#include "core/documents.h"
#include "core/status.h"

namespace mig::agent {

// Refuses an action with a respond operation (per is_respond) whose
// expireafter is unset or more than max_validity after its validfrom. The
// message names the operation, the window and the setting.
Status CheckRespondWindow(const Action& action, const IsRespondModule& is_respond,
                          std::chrono::seconds max_validity);

}  // namespace mig::agent
