// Generic JSON the way Go's encoding/json reads and writes it (protocol.md
// 1 and 3.2). The encoder is what the signed string is made of, so every byte
// matters: keys sorted byte-wise, no whitespace, numbers as ECMAScript prints
// doubles, HTML-safe string escaping. The reader accepts what Go accepts:
// duplicate keys (last wins) and invalid UTF-8 (replaced by U+FFFD).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace mig {

using Json = nlohmann::json;

// Default cap for one JSON document read from the outside (actions, commands).
inline constexpr size_t kDefaultMaxJsonBytes = 16 * 1024 * 1024;
// Nesting deeper than this is refused instead of exhausting the stack.
inline constexpr int kMaxJsonDepth = 512;

// Parses JSON text like Go's decoder into generic values. Integers that fit
// int64/uint64 are kept as integers ("-0" becomes the double -0.0), others as
// doubles; numbers out of double range are an error. Errors name the byte
// offset and the problem; a document over max_bytes is refused unread.
Result<Json> ParseGoJson(std::string_view text, size_t max_bytes = kDefaultMaxJsonBytes);

// Encodes like Go's json.Marshal of the decoded value: object keys sorted
// byte-wise, no whitespace, every number converted to a double first.
// Non-finite doubles (which ParseGoJson never produces) are written as null.
std::string GoJsonEncode(const Json& value);
void AppendGoJson(std::string& out, const Json& value);

// Appends s as a Go JSON string literal (with the quotes): HTML-safe
// escaping, \u00XX for control bytes, invalid UTF-8 bytes as raw U+FFFD.
void AppendGoString(std::string& out, std::string_view s);

// A double the way Go (and ECMAScript) print it: shortest round-trip digits,
// plain when 1e-6 <= |x| < 1e21, else exponent form ("5e-7", "1e+21").
std::string FormatGoNumber(double x);

// Go's json.Indent over compact JSON: one element per line, `indent`
// repeated per level, "{}" and "[]" kept on one line. Input must be valid.
std::string IndentGoJson(std::string_view compact, std::string_view indent = "\t");

}  // namespace mig
