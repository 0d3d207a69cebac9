// Time values as MIG documents carry them: RFC 3339 with optional fraction,
// years 0001..9999 (the zero time and the 9998 "not finished" sentinel).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace mig {

// A UTC instant with nanosecond precision. Seconds count from the Unix epoch
// and may be negative (year 0001 is the Go zero time).
struct Time {
  int64_t seconds = kZeroSeconds;
  int32_t nanos = 0;  // 0..999'999'999

  // 0001-01-01T00:00:00Z, Go's zero time.
  static constexpr int64_t kZeroSeconds = -62135596800;
  static Time Zero() { return Time{}; }
  static Time Now();
  static Time FromUnix(int64_t s, int32_t ns = 0) { return Time{s, ns}; }
  // Sentinels written by MIG's API (protocol.md 2.1).
  static Time StartSentinel();   // 0011-01-11T11:11:11.000000011Z
  static Time FinishSentinel();  // 9998-01-11T11:11:11.000000011Z

  bool IsZero() const { return seconds == kZeroSeconds && nanos == 0; }
  // Whole seconds, truncated toward zero like Go's Time.Unix().
  int64_t Unix() const { return seconds; }
  Time AddSeconds(int64_t s) const { return Time{seconds + s, nanos}; }
  auto operator<=>(const Time&) const = default;
};

// Parses RFC 3339 ("2015-09-09T10:43:30.871448608-04:00", "...Z"), normalising
// to UTC. Fraction of 1..9 digits. Error names what is wrong.
Result<Time> ParseTime(std::string_view text);

// Formats as Go's RFC3339Nano in UTC: trailing fraction zeros trimmed, "Z".
std::string FormatTime(const Time& t);

}  // namespace mig
