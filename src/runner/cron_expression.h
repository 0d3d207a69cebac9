// mig-runner's schedules: cron expressions of 5, 6 or 7 fields, read the way
// MIG's runner reads them (gorhill/cronexpr), evaluated in UTC.
//   5 fields: minute hour day-of-month month day-of-week
//   6 fields: minute hour day-of-month month day-of-week year
//   7 fields: second minute hour day-of-month month day-of-week year
// Each field: "*", "?" (days only), N, A-B, */S, A/S, A-B/S and comma lists
// of those; month and day names (JAN, sun); macros @yearly @annually
// @monthly @weekly @daily @midnight @hourly. cronexpr's L, W and # are
// refused with an error that says so. docs/runner.md has the whole grammar.
#pragma once

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace mig::runner {

class CronExpression {
 public:
  // Errors name the field and what is wrong with it.
  static Result<CronExpression> Parse(std::string_view text);

  // The first occurrence strictly after unix_seconds, or nullopt when there
  // is none before the end of 2099 (e.g. "0 0 30 2 *").
  std::optional<int64_t> Next(int64_t unix_seconds) const;

  // The last occurrence at or before unix_seconds and strictly after
  // after_unix_seconds, if any: what is due now that was not yet handled.
  std::optional<int64_t> LatestDue(int64_t after_unix_seconds, int64_t unix_seconds) const;

  const std::string& text() const { return text_; }

  static constexpr int kFirstYear = 1970;
  static constexpr int kLastYear = 2099;

 private:
  bool DayMatches(int year, int month, int day) const;

  std::string text_;
  std::bitset<60> seconds_, minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_of_month_;  // 1..31
  std::bitset<13> months_;         // 1..12
  std::bitset<7> days_of_week_;    // 0 = Sunday
  std::bitset<kLastYear - kFirstYear + 1> years_;
  bool dom_restricted_ = false, dow_restricted_ = false;
};

}  // namespace mig::runner
