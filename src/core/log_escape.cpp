#include "core/log_escape.h"

#include "core/utf8.h"

namespace mig {
namespace {

void AppendHexByte(std::string& out, unsigned char b) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\x";
  out += kHex[b >> 4];
  out += kHex[b & 0xF];
}

}  // namespace

std::string EscapeLogValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (size_t i = 0; i < value.size();) {
    const auto b = static_cast<unsigned char>(value[i]);
    if (b >= 0x80) {
      const size_t len = Utf8SequenceLength(value, i);
      // U+0080..U+009F (C1 controls, 0xC2 0x80..0x9F) move terminals too.
      const bool c1 = len == 2 && b == 0xC2 && static_cast<unsigned char>(value[i + 1]) < 0xA0;
      if (len == 0 || c1) {
        for (size_t k = 0; k < (len == 0 ? 1 : len); ++k)
          AppendHexByte(out, static_cast<unsigned char>(value[i + k]));
        i += len == 0 ? 1 : len;
        continue;
      }
      out.append(value.substr(i, len));
      i += len;
      continue;
    }
    switch (b) {
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      default:
        if (b < 0x20 || b == 0x7F) {
          AppendHexByte(out, b);
        } else {
          out += static_cast<char>(b);
        }
    }
    ++i;
  }
  return out;
}

}  // namespace mig
