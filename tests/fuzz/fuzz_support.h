// Shared by the fuzz targets of tests/fuzz: how a property violation is
// reported, and small helpers to split one fuzz input into several.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace mig::fuzz {

// Prints what went wrong and the values involved (escaped, cut at 400
// bytes), then aborts: libFuzzer reports the abort as a crash and saves the
// input as crash-<sha1>.
[[noreturn]] inline void Violation(const char* file, int line, const char* what,
                                   std::string_view a = {}, std::string_view b = {}) {
  auto show = [](std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size() && i < 400; ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        out += static_cast<char>(c);
      } else {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02x", c);
        out += buf;
      }
    }
    if (s.size() > 400) out += "...(" + std::to_string(s.size()) + " bytes)";
    return out;
  };
  std::fprintf(stderr, "\n== property violated at %s:%d: %s\n", file, line, what);
  if (!a.empty()) std::fprintf(stderr, "   first:  %s\n", show(a).c_str());
  if (!b.empty()) std::fprintf(stderr, "   second: %s\n", show(b).c_str());
  std::abort();
}

// Aborts with `what` when cond is false.
#define MIG_FUZZ_CHECK(cond, what)                                 \
  do {                                                             \
    if (!(cond)) ::mig::fuzz::Violation(__FILE__, __LINE__, what); \
  } while (0)

// Aborts when two strings differ, printing both.
#define MIG_FUZZ_CHECK_EQ(a, b, what)                                             \
  do {                                                                            \
    const std::string mig_fuzz_a_(a), mig_fuzz_b_(b);                             \
    if (mig_fuzz_a_ != mig_fuzz_b_)                                               \
      ::mig::fuzz::Violation(__FILE__, __LINE__, what, mig_fuzz_a_, mig_fuzz_b_); \
  } while (0)

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Takes the text up to the first `sep` (all of it when there is none) off
// the front of `in`.
inline std::string_view TakeField(std::string_view& in, char sep) {
  const size_t at = in.find(sep);
  const std::string_view field = in.substr(0, at);
  in.remove_prefix(at == std::string_view::npos ? in.size() : at + 1);
  return field;
}

}  // namespace mig::fuzz
