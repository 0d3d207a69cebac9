// One module answer turned into findings, by module: scribe test results are
// compliance findings; file, netstat, memory and pkg elements are detection
// findings, one per element; any other module's answer is one detection
// finding carrying its elements.
#pragma once

#include <string>
#include <vector>

#include "core/documents.h"
#include "output/finding.h"
#include "output/format.h"

namespace mig::output {

// Fills module, outcome, title, facts, evidence and index; the caller sets
// the operation. A failed module (success false) gives one kError finding.
std::vector<Finding> ModuleFindings(const std::string& module, const ModuleResult& result,
                                    Selection selection);

// Scribe alone (module_findings.cpp dispatches to it).
std::vector<Finding> ScribeFindings(const ModuleResult& result);

}  // namespace mig::output
