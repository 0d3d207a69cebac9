// One test's outcome as the module returns it (spec/modules/scribe.md
// section 4.3), and the module result's elements (section 4.2).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/documents.h"
#include "modules/scribe/document.h"

namespace mig::modules::scribe {

struct SubResult {
  bool result = false;
  std::string identifier;
};

struct TestResult {
  std::string testid, name, description;
  std::vector<Tag> tags;
  bool iserror = false;
  std::string error;
  bool masterresult = false;
  bool hastrueresults = false;
  std::optional<std::vector<SubResult>> results;  // nullopt is JSON null
};

// In MIG's key order; identifiers made JSON-safe (file names are bytes).
OrderedJson TestResultToJson(const TestResult& result);
// Reads what TestResultToJson wrote; missing fields keep their zero values.
TestResult TestResultFromJson(const OrderedJson& json);

}  // namespace mig::modules::scribe
