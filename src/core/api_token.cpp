#include "core/api_token.h"

#include <ctime>

namespace mig {

std::string FormatTokenTime(const Time& t) {
  std::time_t s = static_cast<std::time_t>(t.seconds);
  std::tm tm{};
  gmtime_r(&s, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string TokenSignedData(const Time& now, const std::string& nonce) {
  return "1;" + FormatTokenTime(now) + ";" + nonce + "\n";
}

std::string TokenHeader(const Time& now, const std::string& nonce, const std::string& one_line) {
  return "1;" + FormatTokenTime(now) + ";" + nonce + ";" + one_line;
}

}  // namespace mig
