// UTF-8 helpers shared by the JSON reader and writer. Validity follows Go's
// utf8.DecodeRune: shortest form only, no surrogates, at most U+10FFFF.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mig {

// Length (1..4) of the valid UTF-8 sequence starting at s[pos], or 0 when the
// bytes there do not form one (Go then consumes a single byte as U+FFFD).
size_t Utf8SequenceLength(std::string_view s, size_t pos);

// Appends the UTF-8 encoding of a code point (surrogates become U+FFFD).
void AppendUtf8(std::string& out, uint32_t code_point);

// Whether s is text a database column holds as given: valid UTF-8 without
// NUL (PostgreSQL refuses both; the stores refuse them alike). Returns "" or
// what is wrong, e.g. "a NUL character at byte 3".
std::string CheckStorableText(std::string_view s);

inline constexpr std::string_view kUtf8Replacement = "\xEF\xBF\xBD";  // U+FFFD

}  // namespace mig
