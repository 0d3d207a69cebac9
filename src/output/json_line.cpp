#include "output/json_line.h"

#include "core/utf8.h"

namespace mig::output {
namespace {

std::string Cut(const std::string& s) {
  if (s.size() <= kMaxStringBytes) return s;
  size_t end = 0;
  // Whole sequences only; invalid bytes count as one (they become U+FFFD).
  while (end < s.size()) {
    const size_t n = std::max<size_t>(1, Utf8SequenceLength(s, end));
    if (end + n > kMaxStringBytes) break;
    end += n;
  }
  return s.substr(0, end) + "...[cut " + std::to_string(s.size() - end) + " bytes]";
}

OrderedJson Capped(const OrderedJson& v) {
  if (v.is_string()) return Cut(v.get_ref<const std::string&>());
  if (v.is_array()) {
    OrderedJson out = OrderedJson::array();
    for (const auto& e : v)
      out.push_back(Capped(e));
    return out;
  }
  if (v.is_object()) {
    OrderedJson out = OrderedJson::object();
    for (const auto& [k, e] : v.items())
      out[Cut(k)] = Capped(e);
    return out;
  }
  return v;
}

}  // namespace

std::string JsonLine(const OrderedJson& value) {
  return Capped(value).dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

}  // namespace mig::output
