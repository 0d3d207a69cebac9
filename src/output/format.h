// The standard formats findings are written in, and which module answers
// become findings.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace mig::output {

// OCSF 1.3.0 (Compliance Finding 2003, Detection Finding 2004) or Elastic
// Common Schema 8.11; both one JSON object per line.
enum class Format { kOcsf, kEcs };

inline constexpr const char* kOcsfVersion = "1.3.0";
inline constexpr const char* kEcsVersion = "8.11.0";

// "ocsf" or "ecs"; the error lists both.
Result<Format> ParseFormat(std::string_view name);
std::string FormatName(Format format);

// Which answers become findings, as `mig -show` chooses: what was found, the
// "nothing found" answers, or both. Scribe test results and errors are
// findings whatever the selection (a check that could not run is news).
enum class Selection { kFound, kNotFound, kAll };

}  // namespace mig::output
