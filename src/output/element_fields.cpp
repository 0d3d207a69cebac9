#include "output/element_fields.h"

#include <arpa/inet.h>

#include <cmath>

namespace mig::output {

std::string TextField(const OrderedJson& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

std::optional<int64_t> IntegerField(const OrderedJson& object, const char* key) {
  if (!object.is_object()) return std::nullopt;
  auto it = object.find(key);
  if (it == object.end()) return std::nullopt;
  if (it->is_number_integer()) return it->get<int64_t>();
  if (it->is_number_float()) {
    const double d = it->get<double>();
    // Go writes integers of float64 fields as plain numbers; anything
    // fractional or beyond 2^53 is not a count we can carry.
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) <= 9007199254740992.0)
      return static_cast<int64_t>(d);
  }
  return std::nullopt;
}

bool BoolField(const OrderedJson& object, const char* key) {
  if (!object.is_object()) return false;
  auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

std::string IpLiteral(const std::string& text) {
  if (text.size() > 100) return "";  // no address with a prefix is longer
  std::string ip = text.substr(0, text.find('/'));
  unsigned char buf[16];
  if (ip.size() < 64 && ip.find('\0') == std::string::npos &&
      (inet_pton(AF_INET, ip.c_str(), buf) == 1 || inet_pton(AF_INET6, ip.c_str(), buf) == 1))
    return ip;
  return "";
}

}  // namespace mig::output
