// Unit tests of the store's helpers: time text, placeholders, fragment checks.
#include <gtest/gtest.h>

#include "store/db_time.h"
#include "store/sql/placeholders.h"

namespace mig::store {
namespace {

TEST(DbTime, FixedWidthTextSortsLikeTime) {
  EXPECT_EQ(FormatDbTime(Time::FromUnix(0, 5)), "1970-01-01T00:00:00.000000005Z");
  EXPECT_EQ(FormatDbTime(Time::Zero()), "0001-01-01T00:00:00.000000000Z");
  EXPECT_EQ(FormatDbTime(Time::FinishSentinel()), "9998-01-11T11:11:11.000000011Z");
  const Time a = Time::FromUnix(1700000000, 999999999), b = Time::FromUnix(1700000001, 0);
  EXPECT_LT(FormatDbTime(a), FormatDbTime(b));
  EXPECT_LT(FormatDbTime(Time::StartSentinel()), FormatDbTime(a));
}

TEST(DbTime, ParsesBothStoresOutput) {
  auto t = ParseDbTime("2019-01-01 00:00:01.123456+00");
  ASSERT_TRUE(t.ok()) << t.error();
  EXPECT_EQ(t->nanos, 123456000);
  t = ParseDbTime("2019-01-01T00:00:01.123456789Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->nanos, 123456789);
  EXPECT_EQ(*ParseDbTime("9998-01-11 11:11:11+00"), Time::FinishSentinel());
  EXPECT_EQ(*ParseDbTime("0011-01-11 11:11:11+00"), Time::StartSentinel());
  EXPECT_FALSE(ParseDbTime("yesterday").ok());
  EXPECT_FALSE(ParseDbTime("").ok());
}

TEST(Placeholders, DollarToQuestionSkipsLiterals) {
  EXPECT_EQ(DollarToQuestion("a = $1 AND b = '$2' AND c = $10"), "a = ?1 AND b = '$2' AND c = ?10");
  EXPECT_EQ(DollarToQuestion("price = '$'"), "price = '$'");
}

TEST(Placeholders, FragmentChecks) {
  EXPECT_TRUE(
      CheckFragment({"a = $1 OR b = $2", {int64_t{1}, int64_t{2}}}, SqlDialect::kPostgres).ok());
  EXPECT_TRUE(
      CheckFragment({"a = ?2 OR b = ?1", {int64_t{1}, int64_t{2}}}, SqlDialect::kSqlite).ok());
  EXPECT_TRUE(CheckFragment({"tags ? 'x'", {}}, SqlDialect::kPostgres).ok()) << "jsonb ? operator";
  EXPECT_TRUE(CheckFragment({"name = 'a;b'", {}}, SqlDialect::kSqlite).ok()) << "';' in a literal";
  EXPECT_FALSE(CheckFragment({"a = ?", {int64_t{1}}}, SqlDialect::kSqlite).ok());
  EXPECT_FALSE(CheckFragment({"a = $3", {int64_t{1}}}, SqlDialect::kPostgres).ok());
  EXPECT_FALSE(
      CheckFragment({"a = $99999999999999999999", {int64_t{1}}}, SqlDialect::kPostgres).ok());
  auto s = CheckFragment({"a = ?1", {int64_t{1}}}, SqlDialect::kPostgres);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("expects '$N'"), std::string::npos) << s.message();
  EXPECT_FALSE(CheckFragment({"a = 1 -- x", {}}, SqlDialect::kSqlite).ok());
  EXPECT_FALSE(CheckFragment({"a = 1; b", {}}, SqlDialect::kSqlite).ok());
}

}  // namespace
}  // namespace mig::store
