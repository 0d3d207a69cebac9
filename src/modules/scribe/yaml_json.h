// YAML documents read as the JSON value they denote (scribe policies may be
// written in YAML, spec/modules/scribe.md section 2). Mappings, sequences and
// scalars only: plain true/false/yes/no/on/off become booleans, plain
// null/~ and empty values become null, every other scalar is a string (the
// policy's fields are strings). Aliases are refused (no billion laughs), and
// nesting is bounded.
#pragma once

#include <string_view>

#include "core/documents.h"
#include "core/status.h"

namespace mig::modules::scribe {

inline constexpr int kMaxYamlDepth = 64;

Result<Json> YamlToJson(std::string_view text);

}  // namespace mig::modules::scribe
