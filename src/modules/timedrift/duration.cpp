#include "modules/timedrift/duration.h"

#include <cmath>
#include <utility>

namespace mig::modules::timedrift {
namespace {

std::string Quote(const std::string& s) {
  return "\"" + s + "\"";
}

int64_t UnitNs(const std::string& unit) {
  static const std::pair<const char*, int64_t> kUnits[] = {
      {"ns", 1},       {"us", 1000},      {"\xC2\xB5s", 1000},  {"\xCE\xBCs", 1000},
      {"ms", 1000000}, {"s", 1000000000}, {"m", 60000000000LL}, {"h", 3600000000000LL}};
  for (const auto& [name, ns] : kUnits)
    if (unit == name) return ns;
  return 0;
}

}  // namespace

Result<int64_t> ParseGoDuration(const std::string& text) {
  using R = Result<int64_t>;
  const std::string invalid = "time: invalid duration " + Quote(text);
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  if (text.substr(i) == "0") return int64_t{0};
  if (i >= text.size()) return R::Error(invalid);
  long double total = 0;
  while (i < text.size()) {
    const size_t start = i;
    long double value = 0;
    bool digits = false;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      value = value * 10 + (text[i++] - '0');
      digits = true;
    }
    if (i < text.size() && text[i] == '.') {
      ++i;
      long double scale = 0.1L;
      while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        value += (text[i++] - '0') * scale;
        scale /= 10;
        digits = true;
      }
    }
    if (!digits || i == start) return R::Error(invalid);
    const size_t unit_start = i;
    while (i < text.size() && text[i] != '.' && (text[i] < '0' || text[i] > '9'))
      ++i;
    const std::string unit = text.substr(unit_start, i - unit_start);
    if (unit.empty()) return R::Error("time: missing unit in duration " + Quote(text));
    const int64_t ns = UnitNs(unit);
    if (ns == 0)
      return R::Error("time: unknown unit " + Quote(unit) + " in duration " + Quote(text));
    total += value * static_cast<long double>(ns);
    if (total > 9.2233720368547758e18L) return R::Error(invalid);
  }
  const auto result = static_cast<int64_t>(std::llround(static_cast<double>(total)));
  return negative ? -result : result;
}

}  // namespace mig::modules::timedrift
