// A policy file as `mig scribe -path` reads it on the investigator's machine
// (spec/modules/scribe.md section 2): JSON when it starts with { or [ (after
// leading blanks), YAML otherwise.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/documents.h"
#include "core/status.h"

namespace mig::modules::scribe {

// Larger policy files are refused before they are read.
inline constexpr size_t kMaxDocumentFileBytes = size_t{64} << 20;

Result<Json> ParseDocumentText(std::string_view text);
Result<Json> LoadDocumentFile(const std::string& path);

}  // namespace mig::modules::scribe
