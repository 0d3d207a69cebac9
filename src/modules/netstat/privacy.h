// The netstat module's privacy mask (spec/modules/netstat.md); it needs no
// kernel state, so `mig` links it with the rest of the spec.
#pragma once

#include <string>

#include "core/documents.h"

namespace mig::modules::netstat {

// The privacy hook: connectedip remote addresses become "masked".
void MaskResult(ModuleResult& result);

}  // namespace mig::modules::netstat
