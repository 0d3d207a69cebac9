// Helpers of the scribe suite: the test hook's package table (spec section
// 6), the file fixtures of scribe's test/ directory written into a temp dir,
// and a document evaluated into results by test id.
#pragma once

#include <map>
#include <string>

#include "core/documents.h"
#include "modules/scribe/engine/packages.h"
#include "modules/scribe/engine/scribe_engine.h"
#include "modules/scribe/test_result.h"
#include "test_env.h"

namespace mig::modules::scribe::testing {

// name/version pairs of the vendored test hook.
PackageList FixturePackages();

// Writes filecontent/, filename/, hasline/, concat/, import-chain/ and
// tags/ under root as scribe's test/ directory has them.
void WriteFileFixtures(const std::string& root);

struct Evaluation {
  ModuleResult result;
  std::map<std::string, TestResult> by_id;
};

// Decodes, validates and evaluates a document (JSON text). Fails the test
// when decoding or validation fails.
Evaluation Evaluate(const std::string& document_json, const PackageSourceFn& packages = {},
                    bool onlytrue = false, const PrepareLimits& limits = {});

// Replaces every occurrence of @ROOT@ in text with root.
std::string WithRoot(std::string text, const std::string& root);

}  // namespace mig::modules::scribe::testing
