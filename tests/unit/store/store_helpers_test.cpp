// Unit tests of the store's helpers: time text, placeholders, fragment checks,
// chunked IN lists.
#include <gtest/gtest.h>

#include "store/db_time.h"
#include "store/in_list.h"
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

TEST(InList, SortsDropsRepeatsAndChunks) {
  std::vector<Id> keys;
  for (Id k = 2 * static_cast<Id>(kInListChunk); k >= 0; --k)
    keys.push_back(k);  // 1001 distinct keys, descending
  keys.push_back(7);    // and a repeat
  std::vector<std::string> lists;
  std::vector<std::vector<SqlParam>> params;
  Status s = ForEachInListChunk(keys, [&](const std::string& list, const Params& p) {
    lists.push_back(list);
    params.push_back(p.values());
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(lists.size(), 3u);
  EXPECT_EQ(params[0].size(), kInListChunk);
  EXPECT_EQ(params[1].size(), kInListChunk);
  EXPECT_EQ(params[2].size(), 1u);  // 1 is a power of two: no padding
  EXPECT_EQ(lists[0].substr(0, 8), "$1,$2,$3");
  EXPECT_EQ(lists[0].substr(lists[0].size() - 5), ",$500");
  EXPECT_EQ(lists[2], "$1");  // every chunk numbers its own parameters
  EXPECT_EQ(params[0][0], SqlParam(int64_t{0}));
  EXPECT_EQ(params[0][499], SqlParam(int64_t{499}));
  EXPECT_EQ(params[1][0], SqlParam(int64_t{500}));
  EXPECT_EQ(params[2][0], SqlParam(int64_t{1000}));
}

TEST(InList, StringsAndNoKeys) {
  std::vector<std::vector<SqlParam>> params;
  auto collect = [&](const std::string& list, const Params& p) {
    EXPECT_EQ(list, "$1,$2");
    params.push_back(p.values());
    return Status::Ok();
  };
  ASSERT_TRUE(ForEachInListChunk(std::vector<std::string>{"b", "a", "b"}, collect).ok());
  ASSERT_EQ(params.size(), 1u);
  EXPECT_EQ(params[0], (std::vector<SqlParam>{std::string("a"), std::string("b")}));
  ASSERT_TRUE(ForEachInListChunk(std::vector<std::string>{}, collect).ok());
  EXPECT_EQ(params.size(), 1u);  // no query for no keys
}

TEST(InList, ShortRunsArePaddedToAPowerOfTwoWithTheLastKey) {
  std::vector<Id> keys = {30, 10, 20};
  std::vector<std::string> lists;
  std::vector<std::vector<SqlParam>> params;
  ASSERT_TRUE(ForEachInListChunk(keys, [&](const std::string& list, const Params& p) {
                lists.push_back(list);
                params.push_back(p.values());
                return Status::Ok();
              }).ok());
  ASSERT_EQ(lists.size(), 1u);
  EXPECT_EQ(lists[0], "$1,$2,$3,$4");
  EXPECT_EQ(params[0], (std::vector<SqlParam>{int64_t{10}, int64_t{20}, int64_t{30}, int64_t{30}}));
  // 300 keys: a list of 500 (the chunk size caps the padding), not 512.
  std::vector<Id> many(300);
  for (size_t i = 0; i < many.size(); ++i)
    many[i] = static_cast<Id>(i);
  params.clear();
  ASSERT_TRUE(ForEachInListChunk(many, [&](const std::string&, const Params& p) {
                params.push_back(p.values());
                return Status::Ok();
              }).ok());
  ASSERT_EQ(params.size(), 1u);
  EXPECT_EQ(params[0].size(), kInListChunk);
  EXPECT_EQ(params[0].back(), SqlParam(int64_t{299}));
}

TEST(InList, StopsAtTheFirstError) {
  std::vector<Id> keys(3 * kInListChunk);
  for (size_t i = 0; i < keys.size(); ++i)
    keys[i] = static_cast<Id>(i);
  int calls = 0;
  Status s = ForEachInListChunk(keys, [&](const std::string&, const Params&) {
    ++calls;
    return Status::Error("query failed");
  });
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "query failed");
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace mig::store
