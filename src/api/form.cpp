#include "api/form.h"

#include "core/percent_encode.h"

namespace mig::api {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Result<std::string> FormDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      if (i + 2 >= text.size())
        return Status::Error("truncated %-escape at byte " + std::to_string(i));
      const int hi = HexValue(text[i + 1]);
      const int lo = HexValue(text[i + 2]);
      if (hi < 0 || lo < 0) return Status::Error("invalid %-escape at byte " + std::to_string(i));
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

Result<std::map<std::string, std::string>> ParseForm(std::string_view body) {
  std::map<std::string, std::string> out;
  size_t start = 0;
  while (start < body.size()) {
    size_t end = body.find('&', start);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view pair = body.substr(start, end - start);
    start = end + 1;
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    auto name = FormDecode(pair.substr(0, eq));
    if (!name.ok()) return name.status().Context("form field name");
    auto value = eq == std::string_view::npos ? Result<std::string>(std::string())
                                              : FormDecode(pair.substr(eq + 1));
    if (!value.ok()) return value.status().Context("form field '" + *name + "'");
    out.emplace(std::move(*name), std::move(*value));
  }
  return out;
}

std::string FormEncode(std::string_view text) {
  return PercentEncode(text);
}

}  // namespace mig::api
