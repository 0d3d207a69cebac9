// The writing half of gojson.h.
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "core/gojson.h"
#include "core/utf8.h"

namespace mig {
namespace {

constexpr char kHex[] = "0123456789abcdef";

// Bytes Go writes as \u00XX besides the control bytes (HTML safety).
bool IsHtmlSensitive(unsigned char b) {
  return b == '<' || b == '>' || b == '&';
}

void AppendNewline(std::string& out, std::string_view indent, int depth) {
  out += '\n';
  for (int i = 0; i < depth; ++i)
    out += indent;
}

}  // namespace

void AppendGoString(std::string& out, std::string_view s) {
  out += '"';
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      if (b == '"' || b == '\\') {
        out += '\\';
        out += static_cast<char>(b);
      } else if (b == '\n') {
        out += "\\n";
      } else if (b == '\r') {
        out += "\\r";
      } else if (b == '\t') {
        out += "\\t";
      } else if (b < 0x20 || IsHtmlSensitive(b)) {
        // MIG-era Go: \u0008 and \u000c too, not \b and \f.
        out += "\\u00";
        out += kHex[b >> 4];
        out += kHex[b & 0xF];
      } else {
        out += static_cast<char>(b);
      }
      ++i;
      continue;
    }
    const size_t len = Utf8SequenceLength(s, i);
    if (len == 0) {
      // What MIG's signer emits: the decoder already turned the byte into
      // U+FFFD, which the encoder then writes raw.
      out += kUtf8Replacement;
      ++i;
      continue;
    }
    const std::string_view seq = s.substr(i, len);
    if (seq == "\xE2\x80\xA8") {
      out += "\\u2028";
    } else if (seq == "\xE2\x80\xA9") {
      out += "\\u2029";
    } else {
      out += seq;
    }
    i += len;
  }
  out += '"';
}

std::string FormatGoNumber(double x) {
  if (!std::isfinite(x)) return "null";
  std::string out;
  if (std::signbit(x)) {
    out += '-';
    x = -x;
  }
  if (x == 0) return out + "0";
  // Shortest round-trip digits, then laid out by hand.
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
  const std::string_view sci(buf, static_cast<size_t>(res.ptr - buf));
  const size_t e_pos = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e_pos)) {
    if (c != '.') digits += c;
  }
  const int exp = std::atoi(std::string(sci.substr(e_pos + 1)).c_str());
  if (x < 1e-6 || x >= 1e21) {
    out += digits[0];
    if (digits.size() > 1) {
      out += '.';
      out += digits.substr(1);
    }
    out += exp < 0 ? "e-" : "e+";
    out += std::to_string(std::abs(exp));
    return out;
  }
  if (exp < 0) {
    out += "0.";
    out.append(static_cast<size_t>(-exp - 1), '0');
    out += digits;
    return out;
  }
  const auto int_len = static_cast<size_t>(exp) + 1;
  if (digits.size() <= int_len) {
    out += digits;
    out.append(int_len - digits.size(), '0');
  } else {
    out += digits.substr(0, int_len);
    out += '.';
    out += digits.substr(int_len);
  }
  return out;
}

void AppendGoJson(std::string& out, const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
    case Json::value_t::discarded:
      out += "null";
      return;
    case Json::value_t::boolean:
      out += v.get<bool>() ? "true" : "false";
      return;
    case Json::value_t::number_integer:
      out += FormatGoNumber(static_cast<double>(v.get<int64_t>()));
      return;
    case Json::value_t::number_unsigned:
      out += FormatGoNumber(static_cast<double>(v.get<uint64_t>()));
      return;
    case Json::value_t::number_float:
      out += FormatGoNumber(v.get<double>());
      return;
    case Json::value_t::string:
      AppendGoString(out, v.get_ref<const std::string&>());
      return;
    case Json::value_t::binary:
      out += "null";  // never produced by our reader
      return;
    case Json::value_t::array: {
      out += '[';
      bool first = true;
      for (const Json& item : v) {
        if (!first) out += ',';
        first = false;
        AppendGoJson(out, item);
      }
      out += ']';
      return;
    }
    case Json::value_t::object: {
      // nlohmann's object is a std::map<std::string, ...>: std::string orders
      // by char_traits<char>::compare, i.e. unsigned byte-wise like Go's sort.
      out += '{';
      bool first = true;
      for (const auto& [key, item] : v.items()) {
        if (!first) out += ',';
        first = false;
        AppendGoString(out, key);
        out += ':';
        AppendGoJson(out, item);
      }
      out += '}';
      return;
    }
  }
}

std::string GoJsonEncode(const Json& value) {
  std::string out;
  AppendGoJson(out, value);
  return out;
}

std::string IndentGoJson(std::string_view compact, std::string_view indent) {
  std::string out;
  out.reserve(compact.size() * 2);
  int depth = 0;
  bool need_indent = false;  // just opened a container, not yet known empty
  bool in_string = false;
  for (size_t i = 0; i < compact.size(); ++i) {
    const char c = compact[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < compact.size()) {
        out += compact[++i];
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    if (need_indent && c != '}' && c != ']') {
      need_indent = false;
      AppendNewline(out, indent, ++depth);
    }
    switch (c) {
      case '"':
        in_string = true;
        out += c;
        break;
      case '{':
      case '[':
        out += c;
        need_indent = true;
        break;
      case ',':
        out += c;
        AppendNewline(out, indent, depth);
        break;
      case ':':
        out += ": ";
        break;
      case '}':
      case ']':
        if (need_indent) {
          need_indent = false;  // empty container stays "{}" / "[]"
        } else {
          AppendNewline(out, indent, --depth);
        }
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace mig
