#include "core/target/literals.h"

#include <charconv>
#include <cmath>

namespace mig::target_internal {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Seconds per unit, or 0 for calendar months (months_per set instead); -1 if unknown.
double UnitSeconds(const std::string& unit, int64_t& months_per) {
  months_per = 0;
  auto is = [&](std::initializer_list<const char*> names) {
    for (const char* n : names) {
      if (unit == n) return true;
    }
    return false;
  };
  if (is({"second", "seconds", "sec", "secs", "s"})) return 1;
  if (is({"minute", "minutes", "min", "mins", "m"})) return 60;
  if (is({"hour", "hours", "hr", "hrs", "h"})) return 3600;
  if (is({"day", "days", "d"})) return 86400;
  if (is({"week", "weeks", "w"})) return 7 * 86400;
  if (is({"month", "months", "mon", "mons"})) {
    months_per = 1;
    return 0;
  }
  if (is({"year", "years", "yr", "yrs", "y"})) {
    months_per = 12;
    return 0;
  }
  return -1;
}

}  // namespace

std::string ParseNumberLiteral(std::string_view text, TargetExpr& out) {
  out.kind = TargetExpr::Kind::kNumber;
  const char* begin = text.data();
  const char* end = begin + text.size();
  if (text.find_first_of(".eE") == std::string_view::npos) {
    int64_t value = 0;
    auto [ptr, ec] = std::from_chars(begin, end, value);
    if (ec == std::errc() && ptr == end) {
      out.is_integer = true;
      out.integer = value;
      return "";
    }
  }
  double real = 0;
  auto [ptr, ec] = std::from_chars(begin, end, real);
  if (ec != std::errc() || ptr != end || !std::isfinite(real)) {
    return "number '" + std::string(text) + "' is out of range";
  }
  out.is_integer = false;
  out.real = real;
  return "";
}

std::string ParseIntervalLiteral(std::string_view text, Interval& out) {
  const std::string bad = "invalid interval '" + std::string(text) +
                          "': write amounts with units, e.g. '5 minutes', '2 hours', '1 day'";
  out = Interval{};
  size_t i = 0;
  int pairs = 0;
  while (true) {
    while (i < text.size() && IsSpace(text[i]))
      ++i;
    if (i == text.size()) break;
    const size_t num_start = i;
    if (text[i] == '-' || text[i] == '+') ++i;
    while (i < text.size() && (IsDigit(text[i]) || text[i] == '.'))
      ++i;
    double amount = 0;
    auto [ptr, ec] = std::from_chars(text.data() + num_start + (text[num_start] == '+'),
                                     text.data() + i, amount);
    if (ec != std::errc() || ptr != text.data() + i) return bad;
    while (i < text.size() && IsSpace(text[i]))
      ++i;
    const size_t unit_start = i;
    while (i < text.size() && !IsSpace(text[i]) && !IsDigit(text[i]) && text[i] != '-' &&
           text[i] != '+')
      ++i;
    int64_t months_per = 0;
    const double seconds_per =
        UnitSeconds(Lower(text.substr(unit_start, i - unit_start)), months_per);
    if (seconds_per < 0) return bad;
    if (months_per != 0) {
      if (amount != std::trunc(amount)) return bad + " (months and years must be whole)";
      if (std::fabs(amount) > 120000) return "interval '" + std::string(text) + "' is too large";
      out.months += static_cast<int64_t>(amount) * months_per;
    } else {
      out.seconds += amount * seconds_per;
    }
    ++pairs;
  }
  if (pairs == 0) return bad;
  if (std::fabs(out.seconds) > 1e12 || std::llabs(out.months) > 120000) {
    return "interval '" + std::string(text) + "' is too large";
  }
  return "";
}

std::string ParsePathLiteral(std::string_view text, std::vector<std::string>& out) {
  const std::string bad = "invalid JSON path '" + std::string(text) +
                          "': write keys in braces separated by commas, e.g. '{aws,instanceid}'";
  out.clear();
  size_t i = 0;
  auto skip = [&] {
    while (i < text.size() && IsSpace(text[i]))
      ++i;
  };
  skip();
  if (i == text.size() || text[i] != '{') return bad;
  ++i;
  skip();
  if (i < text.size() && text[i] == '}') {
    ++i;
    skip();
    return i == text.size() ? "" : bad;
  }
  while (true) {
    skip();
    std::string element;
    if (i < text.size() && text[i] == '"') {
      for (++i;; ++i) {
        if (i >= text.size()) return bad;
        if (text[i] == '"') break;
        if (text[i] == '\\') {
          if (++i >= text.size()) return bad;
        }
        element += text[i];
      }
      ++i;
      skip();
    } else {
      while (i < text.size() && text[i] != ',' && text[i] != '}') {
        if (text[i] == '"' || text[i] == '{') return bad;
        if (text[i] == '\\') {
          if (++i >= text.size()) return bad;
        }
        element += text[i++];
      }
      while (!element.empty() && IsSpace(element.back()))
        element.pop_back();
      if (element.empty()) return bad;
      if (Lower(element) == "null") return bad + " (NULL elements are not allowed)";
    }
    out.push_back(std::move(element));
    if (i >= text.size()) return bad;
    if (text[i] == '}') break;
    if (text[i] != ',') return bad;
    ++i;
  }
  ++i;
  skip();
  return i == text.size() ? "" : bad;
}

std::string ParseTimeLiteral(std::string_view text, Time& out) {
  std::string s(text);
  if (s.size() == 10) s += "T00:00:00";
  if (s.size() > 10 && s[10] == ' ') s[10] = 'T';
  Result<Time> parsed = ParseTime(s);
  if (!parsed.ok()) parsed = ParseTime(s + "Z");
  if (!parsed.ok()) {
    return "invalid time '" + std::string(text) +
           "': use RFC 3339, e.g. '2024-01-31T12:00:00Z' or '2024-01-31'";
  }
  out = *parsed;
  return "";
}

}  // namespace mig::target_internal
