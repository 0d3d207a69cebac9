#include <algorithm>
#include <string>

#include "core/target/target.h"

namespace mig {
namespace {

constexpr size_t kContext = 60;  // bytes shown on each side of the offset

bool IsContinuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

}  // namespace

std::string CaretDisplay(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  size_t begin = offset > kContext ? offset - kContext : 0;
  size_t end = std::min(text.size(), offset + kContext);
  // Never cut a UTF-8 sequence in half.
  while (begin > 0 && begin < text.size() && IsContinuation(text[begin]))
    --begin;
  while (end < text.size() && IsContinuation(text[end]))
    ++end;
  std::string line = begin > 0 ? "..." : "";
  size_t column = line.size();
  for (size_t i = begin; i < end; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    line += c < 0x20 || c == 0x7f ? ' ' : text[i];  // keep the caret aligned
    if (i < offset && !IsContinuation(text[i])) ++column;
  }
  if (end < text.size()) line += "...";
  return line + "\n" + std::string(column, ' ') + "^";
}

}  // namespace mig
