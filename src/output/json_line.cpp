#include "output/json_line.h"

#include <algorithm>

#include "core/utf8.h"

namespace mig::output {
namespace {

std::string Cut(const std::string& s, size_t max) {
  if (s.size() <= max) return s;
  size_t end = 0;
  // Whole sequences only; invalid bytes count as one (they become U+FFFD).
  while (end < s.size()) {
    const size_t n = std::max<size_t>(1, Utf8SequenceLength(s, end));
    if (end + n > max) break;
    end += n;
  }
  return s.substr(0, end) + "...[cut " + std::to_string(s.size() - end) + " bytes]";
}

OrderedJson Capped(const OrderedJson& v, size_t max) {
  if (v.is_string()) return Cut(v.get_ref<const std::string&>(), max);
  if (v.is_array()) {
    OrderedJson out = OrderedJson::array();
    for (const auto& e : v)
      out.push_back(Capped(e, max));
    return out;
  }
  if (v.is_object()) {
    OrderedJson out = OrderedJson::object();
    for (const auto& [k, e] : v.items())
      out[Cut(k, max)] = Capped(e, max);
    return out;
  }
  return v;
}

}  // namespace

std::string JsonLine(const OrderedJson& value, size_t max_string) {
  return Capped(value, max_string).dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

}  // namespace mig::output
