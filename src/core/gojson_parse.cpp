// The reading half of gojson.h: a small recursive-descent parser, because
// nlohmann's rejects invalid UTF-8 and lone surrogates (Go replaces them with
// U+FFFD) and reads "-0" as the integer 0.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/gojson.h"
#include "core/utf8.h"

namespace mig {
namespace {

// Exponent of the first significant digit of a valid JSON number (the n of
// d.ddd x 10^n), saturated; only its sign matters: it tells an underflow
// from an overflow.
int64_t DecimalExponent(std::string_view num) {
  size_t i = num[0] == '-' ? 1 : 0;
  int64_t shift = 0;  // position of the first significant digit
  bool found = false;
  int64_t int_digits = 0;
  for (; i < num.size() && num[i] >= '0' && num[i] <= '9'; ++i) {
    if (!found && num[i] != '0') found = true;
    if (found) ++int_digits;
  }
  shift = int_digits - 1;
  if (i < num.size() && num[i] == '.') {
    ++i;
    int64_t zeros = 0;
    for (; i < num.size() && num[i] >= '0' && num[i] <= '9'; ++i) {
      if (!found && num[i] != '0') {
        found = true;
        shift = -zeros - 1;
      }
      ++zeros;
    }
  }
  int64_t exp = 0;
  if (i < num.size() && (num[i] == 'e' || num[i] == 'E')) {
    ++i;
    const bool negative = num[i] == '-';
    if (num[i] == '+' || num[i] == '-') ++i;
    for (; i < num.size(); ++i) {
      if (exp < 1'000'000'000) exp = exp * 10 + (num[i] - '0');
    }
    if (negative) exp = -exp;
  }
  return shift + exp;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  Result<Json> ParseDocument() {
    Json value;
    SkipSpace();
    if (!ParseValue(value, 0)) return Failure();
    SkipSpace();
    if (pos_ != s_.size()) {
      Fail("unexpected " + Describe(pos_) + " after the top-level value");
      return Failure();
    }
    return value;
  }

 private:
  Result<Json> Failure() const {
    return Result<Json>::Error("invalid JSON at byte " + std::to_string(error_pos_) + ": " +
                               error_);
  }

  bool Fail(std::string message) {
    if (error_.empty()) {
      error_ = std::move(message);
      error_pos_ = pos_;
    }
    return false;
  }

  std::string Describe(size_t at) const {
    if (at >= s_.size()) return "end of input";
    const auto b = static_cast<unsigned char>(s_[at]);
    if (b >= 0x20 && b < 0x7F) return std::string("character '") + s_[at] + "'";
    char buf[16];
    std::snprintf(buf, sizeof buf, "byte 0x%02X", b);
    return buf;
  }

  void SkipSpace() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) {
      ++pos_;
    }
  }

  bool Literal(std::string_view word, Json value, Json& out) {
    if (s_.substr(pos_, word.size()) != word) {
      return Fail("unexpected " + Describe(pos_) + " (expected a JSON value)");
    }
    pos_ += word.size();
    out = std::move(value);
    return true;
  }

  bool ParseValue(Json& out, int depth) {
    if (pos_ >= s_.size()) return Fail("unexpected end of input (expected a JSON value)");
    switch (s_[pos_]) {
      case '{':
        return ParseObject(out, depth + 1);
      case '[':
        return ParseArray(out, depth + 1);
      case '"': {
        std::string str;
        if (!ParseString(str)) return false;
        out = std::move(str);
        return true;
      }
      case 't':
        return Literal("true", true, out);
      case 'f':
        return Literal("false", false, out);
      case 'n':
        return Literal("null", nullptr, out);
      default:
        if (s_[pos_] == '-' || (s_[pos_] >= '0' && s_[pos_] <= '9')) return ParseNumber(out);
        return Fail("unexpected " + Describe(pos_) + " (expected a JSON value)");
    }
  }

  bool CheckDepth(int depth) {
    if (depth > kMaxJsonDepth) {
      return Fail("nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    }
    return true;
  }

  bool ParseObject(Json& out, int depth) {
    if (!CheckDepth(depth)) return false;
    ++pos_;  // '{'
    out = Json::object();
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      return true;
    }
    while (true) {
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] != '"') {
        return Fail("unexpected " + Describe(pos_) + " (expected a string key)");
      }
      std::string key;
      if (!ParseString(key)) return false;
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] != ':') {
        return Fail("unexpected " + Describe(pos_) + " (expected ':' after an object key)");
      }
      ++pos_;
      SkipSpace();
      Json value;
      if (!ParseValue(value, depth)) return false;
      out[key] = std::move(value);  // a duplicate key replaces: last wins, like Go
      SkipSpace();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == '}') {
        ++pos_;
        return true;
      }
      return Fail("unexpected " + Describe(pos_) + " (expected ',' or '}' in an object)");
    }
  }

  bool ParseArray(Json& out, int depth) {
    if (!CheckDepth(depth)) return false;
    ++pos_;  // '['
    out = Json::array();
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      return true;
    }
    while (true) {
      SkipSpace();
      Json value;
      if (!ParseValue(value, depth)) return false;
      out.push_back(std::move(value));
      SkipSpace();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == ']') {
        ++pos_;
        return true;
      }
      return Fail("unexpected " + Describe(pos_) + " (expected ',' or ']' in an array)");
    }
  }

  // Four hex digits at pos_; -1 if they are not.
  int Hex4(size_t at) const {
    if (at + 4 > s_.size()) return -1;
    int v = 0;
    for (size_t i = at; i < at + 4; ++i) {
      const char c = s_[i];
      int d;
      if (c >= '0' && c <= '9') {
        d = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        d = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        d = c - 'A' + 10;
      } else {
        return -1;
      }
      v = v * 16 + d;
    }
    return v;
  }

  bool ParseEscape(std::string& out) {
    ++pos_;  // '\'
    if (pos_ >= s_.size()) return Fail("unexpected end of input in a string escape");
    const char c = s_[pos_++];
    switch (c) {
      case '"':
      case '\\':
      case '/':
        out += c;
        return true;
      case 'b':
        out += '\b';
        return true;
      case 'f':
        out += '\f';
        return true;
      case 'n':
        out += '\n';
        return true;
      case 'r':
        out += '\r';
        return true;
      case 't':
        out += '\t';
        return true;
      case 'u':
        break;
      default:
        --pos_;
        return Fail("invalid escape '\\" + std::string(1, c) + "' in a string");
    }
    const int unit = Hex4(pos_);
    if (unit < 0) return Fail("invalid \\u escape (expected 4 hex digits)");
    pos_ += 4;
    uint32_t cp = static_cast<uint32_t>(unit);
    if (cp >= 0xD800 && cp <= 0xDBFF && s_.substr(pos_, 2) == "\\u") {
      const int low = Hex4(pos_ + 2);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (static_cast<uint32_t>(low) - 0xDC00);
        pos_ += 6;
      }
    }
    AppendUtf8(out, cp);  // a lone surrogate becomes U+FFFD, as in Go
    return true;
  }

  bool ParseString(std::string& out) {
    ++pos_;  // opening quote
    while (true) {
      if (pos_ >= s_.size()) return Fail("unexpected end of input in a string");
      const auto b = static_cast<unsigned char>(s_[pos_]);
      if (b == '"') {
        ++pos_;
        return true;
      }
      if (b == '\\') {
        if (!ParseEscape(out)) return false;
        continue;
      }
      if (b < 0x20) return Fail("control " + Describe(pos_) + " in a string (escape it)");
      if (b < 0x80) {
        out += static_cast<char>(b);
        ++pos_;
        continue;
      }
      const size_t len = Utf8SequenceLength(s_, pos_);
      if (len == 0) {
        out += kUtf8Replacement;  // Go's decoder: one U+FFFD per invalid byte
        ++pos_;
      } else {
        out += s_.substr(pos_, len);
        pos_ += len;
      }
    }
  }

  bool Digits() {
    const size_t start = pos_;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9')
      ++pos_;
    return pos_ > start;
  }

  bool ParseNumber(Json& out) {
    const size_t start = pos_;
    bool integral = true;
    if (s_[pos_] == '-') ++pos_;
    if (pos_ < s_.size() && s_[pos_] == '0') {
      ++pos_;
    } else if (!Digits()) {
      return Fail("invalid number (expected a digit after '-')");
    }
    if (pos_ < s_.size() && s_[pos_] == '.') {
      integral = false;
      ++pos_;
      if (!Digits()) return Fail("invalid number (expected a digit after '.')");
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      integral = false;
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (!Digits()) return Fail("invalid number (expected a digit in the exponent)");
    }
    const std::string_view text = s_.substr(start, pos_ - start);
    const char* first = text.data();
    const char* last = first + text.size();
    if (integral && text != "-0") {
      int64_t i;
      if (std::from_chars(first, last, i).ec == std::errc()) {
        out = i;
        return true;
      }
      uint64_t u;
      if (text[0] != '-' && std::from_chars(first, last, u).ec == std::errc()) {
        out = u;
        return true;
      }
    }
    double d = 0;
    const auto res = std::from_chars(first, last, d);
    if (res.ec == std::errc::result_out_of_range && DecimalExponent(text) < 0) {
      d = text[0] == '-' ? -0.0 : 0.0;  // underflow: Go rounds to zero
    } else if (res.ec != std::errc() || !std::isfinite(d)) {
      pos_ = start;
      return Fail("number " + std::string(text) + " is out of range of a float64");
    }
    out = d;
    return true;
  }

  std::string_view s_;
  size_t pos_ = 0;
  std::string error_;
  size_t error_pos_ = 0;
};

}  // namespace

Result<Json> ParseGoJson(std::string_view text, size_t max_bytes) {
  if (text.size() > max_bytes) {
    return Result<Json>::Error("JSON document too large: " + std::to_string(text.size()) +
                               " bytes, the limit is " + std::to_string(max_bytes));
  }
  return Parser(text).ParseDocument();
}

}  // namespace mig
