// Splits a target into tokens. Rejects what has no place in an expression
// (';', comments, casts, stray characters) where it appears.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/target/target.h"

namespace mig::target_internal {

struct Token {
  enum class Kind { kIdent, kString, kNumber, kSymbol, kEnd } kind = Kind::kEnd;
  std::string text;  // identifiers lower-cased; strings unescaped; symbols as written
  size_t offset = 0;
};

// Fills `tokens` (ending with a kEnd token) or returns false with `error` set.
bool Lex(std::string_view source, std::vector<Token>& tokens, TargetError& error);

}  // namespace mig::target_internal
