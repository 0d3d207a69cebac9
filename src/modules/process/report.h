// The process module's result (docs/modules/process.md, "Results"), its
// printed lines, and its extraprivacymode mask.
#pragma once

#include <string>
#include <vector>

#include "core/documents.h"
#include "modules/process/engine/selection.h"
#include "modules/process/engine/signaller.h"
#include "modules/process/params.h"

namespace mig::modules::process {

// foundanything: a process was signalled (or would be, in dryrun).
ModuleResult BuildResult(const Request& request, const Selection& selection,
                         const std::vector<Outcome>& outcomes, int64_t elapsed_ns);

// success false, elements null, the message as the only error.
ModuleResult FailureResult(const std::string& message);

std::vector<std::string> PrintResult(const ModuleResult& result, bool found_only);

// extraprivacymode: each command line's sha256 becomes "masked" (a short
// command line with a secret in it could be found back from its hash).
void MaskResult(ModuleResult& result);

}  // namespace mig::modules::process
