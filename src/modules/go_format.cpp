#include "modules/go_format.h"

#include <sys/stat.h>

#include <cstring>
#include <ctime>

#include <fmt/format.h>

namespace mig::modules {
namespace {

// "1.500" -> "1.5", "2.000" -> "2": the fraction without trailing zeros.
std::string WithFraction(uint64_t whole, uint64_t fraction, int digits) {
  std::string out = std::to_string(whole);
  if (fraction == 0) return out;
  std::string frac = fmt::format("{:0{}}", fraction, digits);
  while (!frac.empty() && frac.back() == '0')
    frac.pop_back();
  return out + "." + frac;
}

}  // namespace

std::string FormatGoDuration(int64_t nanoseconds) {
  if (nanoseconds == 0) return "0s";
  const bool negative = nanoseconds < 0;
  // Magnitude as unsigned so that INT64_MIN does not overflow.
  uint64_t n = negative ? uint64_t{0} - static_cast<uint64_t>(nanoseconds)
                        : static_cast<uint64_t>(nanoseconds);
  std::string out;
  if (n < 1000) {
    out = std::to_string(n) + "ns";
  } else if (n < 1000000) {
    out = WithFraction(n / 1000, n % 1000, 3) + "\u00b5s";
  } else if (n < 1000000000) {
    out = WithFraction(n / 1000000, n % 1000000, 6) + "ms";
  } else {
    const uint64_t total_seconds = n / 1000000000;
    const uint64_t hours = total_seconds / 3600;
    const uint64_t minutes = (total_seconds / 60) % 60;
    const uint64_t seconds = total_seconds % 60;
    if (hours > 0) out += std::to_string(hours) + "h";
    if (hours > 0 || minutes > 0) out += std::to_string(minutes) + "m";
    out += WithFraction(seconds, n % 1000000000, 9) + "s";
  }
  return negative ? "-" + out : out;
}

std::string FormatGoTime(int64_t seconds, int64_t nanoseconds) {
  const time_t t = static_cast<time_t>(seconds);
  struct tm tm_utc {};
  gmtime_r(&t, &tm_utc);
  std::string out =
      fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", tm_utc.tm_year + 1900, tm_utc.tm_mon + 1,
                  tm_utc.tm_mday, tm_utc.tm_hour, tm_utc.tm_min, tm_utc.tm_sec);
  if (nanoseconds > 0) {
    std::string frac = fmt::format("{:09}", nanoseconds);
    while (frac.back() == '0')
      frac.pop_back();
    out += "." + frac;
  }
  return out + " +0000 UTC";
}

std::string FormatGoMode(mode_t mode) {
  // Go's letters, in Go's order: d a l T L D p S u g c t ?
  std::string out;
  const mode_t type = mode & S_IFMT;
  if (type == S_IFDIR) out += 'd';
  if (type == S_IFLNK) out += 'L';
  if (type == S_IFBLK || type == S_IFCHR) out += 'D';
  if (type == S_IFIFO) out += 'p';
  if (type == S_IFSOCK) out += 'S';
  if (mode & S_ISUID) out += 'u';
  if (mode & S_ISGID) out += 'g';
  if (type == S_IFCHR) out += 'c';
  if (mode & S_ISVTX) out += 't';
  if (out.empty()) out.push_back('-');
  const char* rwx = "rwxrwxrwx";
  for (int i = 0; i < 9; ++i)
    out += (mode & (1u << (8 - i))) ? rwx[i] : '-';
  return out;
}

std::string JsonSafe(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t len = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      len = 1;
      cp = c;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    }
    bool valid = len > 0 && i + len <= s.size();
    for (size_t k = 1; valid && k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) valid = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Reject overlong forms, surrogates and values beyond U+10FFFF.
    if (valid && ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
                  (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)))
      valid = false;
    if (valid) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += fmt::format("\\x{:02x}", c);
      ++i;
    }
  }
  return out;
}

std::string ErrnoText(int error_number) {
  std::string text = std::strerror(error_number);
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z' &&
      !(text.size() > 1 && text[1] >= 'A' && text[1] <= 'Z'))
    text[0] = static_cast<char>(text[0] - 'A' + 'a');
  return text;
}

}  // namespace mig::modules
