// mig-runner's cron expressions: every accepted form, next occurrences
// across month ends, leap years and year ends (UTC), and hostile input.
#include "runner/cron_expression.h"

#include <time.h>

#include <chrono>

#include <gtest/gtest.h>

namespace mig::runner {
namespace {

int64_t Utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) {
  struct tm t = {};
  t.tm_year = y - 1900;
  t.tm_mon = mo - 1;
  t.tm_mday = d;
  t.tm_hour = h;
  t.tm_min = mi;
  t.tm_sec = s;
  return static_cast<int64_t>(timegm(&t));
}

CronExpression Cron(const std::string& text) {
  auto c = CronExpression::Parse(text);
  EXPECT_TRUE(c.ok()) << text << ": " << c.error();
  return c.ok() ? *c : *CronExpression::Parse("* * * * *");
}

int64_t NextOf(const std::string& text, int64_t from) {
  auto n = Cron(text).Next(from);
  EXPECT_TRUE(n.has_value()) << text;
  return n.value_or(-1);
}

std::string ErrorOf(const std::string& text) {
  auto c = CronExpression::Parse(text);
  EXPECT_FALSE(c.ok()) << "accepted: " << text;
  return c.ok() ? "" : c.error();
}

TEST(CronExpression, FiveFieldsRunOnWholeMinutes) {
  EXPECT_EQ(NextOf("* * * * *", Utc(2024, 5, 1, 10, 0, 0)), Utc(2024, 5, 1, 10, 1, 0));
  EXPECT_EQ(NextOf("* * * * *", Utc(2024, 5, 1, 10, 0, 59)), Utc(2024, 5, 1, 10, 1, 0));
  EXPECT_EQ(NextOf("*/15 * * * *", Utc(2024, 1, 31, 23, 50)), Utc(2024, 2, 1, 0, 0));
  EXPECT_EQ(NextOf("0 */4 * * *", Utc(2024, 5, 1, 5, 0)), Utc(2024, 5, 1, 8, 0));
  EXPECT_EQ(NextOf("30 2 * * *", Utc(2024, 12, 31, 3, 0)), Utc(2025, 1, 1, 2, 30));
  EXPECT_EQ(NextOf("5,10,50 * * * *", Utc(2024, 5, 1, 0, 10)), Utc(2024, 5, 1, 0, 50));
  EXPECT_EQ(NextOf("10-12 * * * *", Utc(2024, 5, 1, 0, 12)), Utc(2024, 5, 1, 1, 10));
  EXPECT_EQ(NextOf("10-30/10 * * * *", Utc(2024, 5, 1, 0, 20)), Utc(2024, 5, 1, 0, 30));
  // A/S runs from A to the end of the field.
  EXPECT_EQ(NextOf("50/5 * * * *", Utc(2024, 5, 1, 0, 55)), Utc(2024, 5, 1, 1, 50));
}

TEST(CronExpression, MonthEndsAndLeapYears) {
  EXPECT_EQ(NextOf("0 12 31 * *", Utc(2024, 4, 1)), Utc(2024, 5, 31, 12, 0));
  EXPECT_EQ(NextOf("0 0 29 2 *", Utc(2023, 3, 1)), Utc(2024, 2, 29));
  EXPECT_EQ(NextOf("0 0 29 2 *", Utc(2024, 2, 29)), Utc(2028, 2, 29));
  // 2100 is no leap year and beyond the range anyway; 2000 was one.
  EXPECT_EQ(NextOf("0 0 29 2 * 1999-2001", Utc(1999, 1, 1)), Utc(2000, 2, 29));
  EXPECT_EQ(NextOf("0 0 30 * *", Utc(2024, 1, 30, 0, 0, 1)), Utc(2024, 3, 30));
  EXPECT_EQ(NextOf("59 23 31 12 *", Utc(2024, 12, 31, 23, 59)), Utc(2025, 12, 31, 23, 59));
  // February 30th never comes.
  EXPECT_FALSE(Cron("0 0 30 2 *").Next(Utc(2024, 1, 1)).has_value());
  EXPECT_FALSE(Cron("0 0 31 4,6,9,11 *").Next(Utc(2024, 1, 1)).has_value());
}

TEST(CronExpression, SixFieldsAddAYearAndSevenFieldsSeconds) {
  // cronexpr's rule: six fields are minute..day-of-week plus a year.
  EXPECT_EQ(NextOf("0 0 1 1 * 2030", Utc(2024, 6, 1)), Utc(2030, 1, 1));
  EXPECT_FALSE(Cron("0 0 1 1 * 2020").Next(Utc(2024, 6, 1)).has_value());
  EXPECT_EQ(NextOf("*/5 * * * * * *", Utc(2024, 6, 1, 0, 0, 2)), Utc(2024, 6, 1, 0, 0, 5));
  EXPECT_EQ(NextOf("*/5 * * * * * *", Utc(2024, 6, 1, 0, 0, 5)), Utc(2024, 6, 1, 0, 0, 10));
  EXPECT_EQ(NextOf("* * * * * * *", Utc(2024, 6, 1, 0, 0, 59)), Utc(2024, 6, 1, 0, 1, 0));
  EXPECT_EQ(NextOf("30 0 0 1 1 ? 2031", Utc(2024, 6, 1)), Utc(2031, 1, 1, 0, 0, 30));
  // The last second there is.
  EXPECT_EQ(NextOf("59 59 23 31 12 * 2099", Utc(2099, 12, 31, 23, 59, 58)),
            Utc(2099, 12, 31, 23, 59, 59));
  EXPECT_FALSE(Cron("* * * * * * *").Next(Utc(2099, 12, 31, 23, 59, 59)).has_value());
}

TEST(CronExpression, NamesAndDaysOfWeek) {
  // 2024-05-04 is a Saturday.
  EXPECT_EQ(NextOf("0 9 * * mon-fri", Utc(2024, 5, 4)), Utc(2024, 5, 6, 9, 0));
  EXPECT_EQ(NextOf("0 9 * * MON-FRI", Utc(2024, 5, 4)), Utc(2024, 5, 6, 9, 0));
  EXPECT_EQ(NextOf("0 0 * * 0", Utc(2024, 5, 4)), Utc(2024, 5, 5));
  EXPECT_EQ(NextOf("0 0 * * 7", Utc(2024, 5, 4)), Utc(2024, 5, 5));  // 7 is Sunday too
  EXPECT_EQ(NextOf("0 0 * * SUN", Utc(2024, 5, 4)), Utc(2024, 5, 5));
  EXPECT_EQ(NextOf("0 0 1 jan,Jul *", Utc(2024, 2, 1)), Utc(2024, 7, 1));
  EXPECT_EQ(NextOf("0 0 1 JUL *", Utc(2024, 2, 1)), Utc(2024, 7, 1));  // L of a name
  EXPECT_EQ(NextOf("0 0 * * WED", Utc(2024, 5, 4)), Utc(2024, 5, 8));  // W of a name
  EXPECT_EQ(NextOf("0 0 1 feb-apr *", Utc(2024, 4, 2)), Utc(2025, 2, 1));
  // Both day fields restricted: either one matching runs (cron's rule).
  // After Wed 2024-05-01: Friday the 3rd comes before the 13th.
  EXPECT_EQ(NextOf("0 0 13 * fri", Utc(2024, 5, 1)), Utc(2024, 5, 3));
  EXPECT_EQ(NextOf("0 0 13 * fri", Utc(2024, 5, 10)), Utc(2024, 5, 13));
  // "?" leaves the day to the other field.
  EXPECT_EQ(NextOf("0 0 ? * fri", Utc(2024, 5, 1)), Utc(2024, 5, 3));
}

TEST(CronExpression, Macros) {
  EXPECT_EQ(NextOf("@hourly", Utc(2024, 5, 1, 10, 30)), Utc(2024, 5, 1, 11, 0));
  EXPECT_EQ(NextOf("@daily", Utc(2024, 5, 1, 10, 30)), Utc(2024, 5, 2));
  EXPECT_EQ(NextOf("@midnight", Utc(2024, 5, 1, 10, 30)), Utc(2024, 5, 2));
  EXPECT_EQ(NextOf("@weekly", Utc(2024, 5, 1)), Utc(2024, 5, 5));
  EXPECT_EQ(NextOf("@monthly", Utc(2024, 5, 1)), Utc(2024, 6, 1));
  EXPECT_EQ(NextOf("@yearly", Utc(2024, 5, 1)), Utc(2025, 1, 1));
  EXPECT_EQ(NextOf("@ANNUALLY", Utc(2024, 5, 1)), Utc(2025, 1, 1));
  EXPECT_NE(ErrorOf("@reboot").find("unknown cron macro"), std::string::npos);
  EXPECT_NE(ErrorOf("@every 5m").find("unknown cron macro"), std::string::npos);
}

TEST(CronExpression, LatestDueIsTheLastUnhandledOccurrence) {
  const auto every5 = Cron("*/5 * * * * * *");
  const int64_t t = Utc(2024, 6, 1, 0, 0, 0);
  EXPECT_EQ(every5.LatestDue(t, t + 4), std::nullopt);
  EXPECT_EQ(every5.LatestDue(t, t + 5), t + 5);
  EXPECT_EQ(every5.LatestDue(t, t + 14), t + 10);  // t+5 and t+10 missed: the latest
  EXPECT_EQ(every5.LatestDue(t + 10, t + 14), std::nullopt);
  EXPECT_EQ(every5.LatestDue(t, t), std::nullopt);
  // A long outage stays cheap: one answer, the latest.
  EXPECT_EQ(every5.LatestDue(t, t + 86400 * 365), t + 86400 * 365);
  const auto yearly = Cron("@yearly");
  EXPECT_EQ(yearly.LatestDue(Utc(2020, 6, 1), Utc(2024, 6, 1)), Utc(2024, 1, 1));
  EXPECT_EQ(yearly.LatestDue(Utc(2024, 1, 1), Utc(2024, 6, 1)), std::nullopt);
}

TEST(CronExpression, SchedulesThatNeverComeStayCheap) {
  const auto never = Cron("0 0 30 2 *");
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(never.LatestDue(0, Utc(2030, 1, 1)), std::nullopt);
    EXPECT_EQ(never.Next(0), std::nullopt);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  // Once in 2099, searched from 1970.
  EXPECT_EQ(NextOf("59 59 23 31 12 * 2099", 0), Utc(2099, 12, 31, 23, 59, 59));
}

TEST(CronExpression, WrongFieldCountsAreRefused) {
  EXPECT_NE(ErrorOf("* * * *").find("has 4"), std::string::npos);
  EXPECT_NE(ErrorOf("").find("has 0"), std::string::npos);
  EXPECT_NE(ErrorOf("1 2 3 4 5 6 7 8").find("more than 7"), std::string::npos);
  std::string many;
  for (int i = 0; i < 10000; ++i)
    many += "* ";
  EXPECT_NE(ErrorOf(many).find("longer than"), std::string::npos);
  std::string long_list = "0";
  for (int i = 0; i < 2000; ++i)
    long_list += ",0";
  EXPECT_NE(ErrorOf(long_list + " * * * *").find("longer than"), std::string::npos);
}

TEST(CronExpression, BadValuesSayWhichFieldAndWhy) {
  EXPECT_NE(ErrorOf("0-4000000000 * * * *").find("minute field"), std::string::npos);
  EXPECT_NE(ErrorOf("0-4000000000 * * * *").find("out of range"), std::string::npos);
  EXPECT_NE(ErrorOf("99999999999999999999999 * * * *").find("out of range"), std::string::npos);
  EXPECT_NE(ErrorOf("60 * * * *").find("60 is out of range 0-59"), std::string::npos);
  EXPECT_NE(ErrorOf("* 24 * * *").find("hour field"), std::string::npos);
  EXPECT_NE(ErrorOf("* * 0 * *").find("day of month field"), std::string::npos);
  EXPECT_NE(ErrorOf("* * 32 * *").find("out of range 1-31"), std::string::npos);
  EXPECT_NE(ErrorOf("* * * 13 *").find("month field"), std::string::npos);
  EXPECT_NE(ErrorOf("* * * * 8").find("day of week field"), std::string::npos);
  EXPECT_NE(ErrorOf("* * * * * 2100").find("year field"), std::string::npos);
  EXPECT_NE(ErrorOf("* * * * * 1969").find("out of range"), std::string::npos);
  EXPECT_NE(ErrorOf("*/0 * * * *").find("step 0"), std::string::npos);
  EXPECT_NE(ErrorOf("*/ * * * *").find("step"), std::string::npos);
  EXPECT_NE(ErrorOf("*/99999 * * * *").find("step"), std::string::npos);
  EXPECT_NE(ErrorOf("*/-1 * * * *").find("step"), std::string::npos);
  EXPECT_NE(ErrorOf("30-10 * * * *").find("ends before it starts"), std::string::npos);
  EXPECT_NE(ErrorOf("1,,2 * * * *").find("empty list element"), std::string::npos);
  EXPECT_NE(ErrorOf(", * * * *").find("empty list element"), std::string::npos);
  EXPECT_NE(ErrorOf("-1 * * * *").find("minute field"), std::string::npos);
  EXPECT_NE(ErrorOf("a * * * *").find("not a value"), std::string::npos);
  EXPECT_NE(ErrorOf("? * * * *").find("minute field"), std::string::npos);  // days only
  EXPECT_NE(ErrorOf("* * * jan-foo *").find("month field"), std::string::npos);
  EXPECT_NE(ErrorOf("* * * * mon-7x").find("day of week field"), std::string::npos);
  EXPECT_NE(ErrorOf("0 0 L * *").find("not supported"), std::string::npos);
  EXPECT_NE(ErrorOf("0 0 15W * *").find("not supported"), std::string::npos);
  EXPECT_NE(ErrorOf("0 0 * * 5#3").find("not supported"), std::string::npos);
  EXPECT_NE(ErrorOf("0 0 * * 5L").find("not supported"), std::string::npos);
  EXPECT_NE(ErrorOf("0\x01 0 * * *").find("minute field"), std::string::npos);
}

}  // namespace
}  // namespace mig::runner
