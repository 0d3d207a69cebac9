#include "core/api_token.h"

namespace mig {

std::string FormatTokenTime(const Time& t) {
  // Whole seconds: FormatTime then writes no fraction. Its year has four
  // digits like Go's "2006"; strftime's %Y wrote year 9 as "9", which the
  // API's reader (and Go's) refuses.
  return FormatTime(Time::FromUnix(t.seconds));
}

std::string TokenSignedData(const Time& now, const std::string& nonce) {
  return "1;" + FormatTokenTime(now) + ";" + nonce + "\n";
}

std::string TokenHeader(const Time& now, const std::string& nonce, const std::string& one_line) {
  return "1;" + FormatTokenTime(now) + ";" + nonce + ";" + one_line;
}

}  // namespace mig
