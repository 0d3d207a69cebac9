// Printing scribe results (spec/modules/scribe.md section 4.4) and the
// extraprivacymode hook (section 4.5).
#pragma once

#include <string>
#include <vector>

#include "core/documents.h"
#include "modules/scribe/test_result.h"

namespace mig::modules::scribe {

// The lines of one test result in the human, JSON or single-line form.
std::vector<std::string> PrintTestResult(const TestResult& result, bool human, bool json);

std::vector<std::string> PrintResult(const ModuleResult& result, bool found_only);

// Every sub-result identifier becomes "masked".
void MaskResult(ModuleResult& result);

}  // namespace mig::modules::scribe
