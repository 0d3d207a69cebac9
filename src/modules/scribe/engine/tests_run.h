// Running a document's tests over its prepared objects (spec/modules/
// scribe.md sections 3.7 and 3.8 step 2): evaluators, dependencies, and the
// evaluated-once rule that keeps dependency cycles from looping.
#pragma once

#include <vector>

#include "modules/scribe/document.h"
#include "modules/scribe/engine/objects.h"
#include "modules/scribe/test_result.h"

namespace mig::modules::scribe {

// Dependencies nested deeper than this make the test an error instead of
// exhausting the stack.
inline constexpr int kMaxDependencyDepth = 1000;

// One result per test, in document order.
std::vector<TestResult> RunTests(const Document& document,
                                 const std::vector<PreparedObject>& objects);

}  // namespace mig::modules::scribe
