// Serializing a finding as one line of JSON whatever agents put in it.
#pragma once

#include <cstddef>
#include <string>

#include "core/documents.h"

namespace mig::output {

// Strings longer than this are cut (at a UTF-8 boundary) and end with
// "...[cut N bytes]": a 1 MB host name must not make a 1 MB alert.
inline constexpr size_t kMaxStringBytes = 4096;

// One line: control characters escaped by JSON, invalid UTF-8 replaced by
// U+FFFD, every string (keys too) cut to max_string bytes.
std::string JsonLine(const OrderedJson& value, size_t max_string = kMaxStringBytes);

}  // namespace mig::output
