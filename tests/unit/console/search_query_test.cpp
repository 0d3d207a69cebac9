// The console's search syntax and word splitting.
#include <gtest/gtest.h>

#include "console/search_query.h"
#include "console/words.h"

namespace mig::console {
namespace {

std::vector<std::string> W(const std::string& line) {
  auto w = SplitWords(line);
  EXPECT_TRUE(w.ok()) << w.error();
  return w.ok() ? *w : std::vector<std::string>{};
}

Params Parse(const std::string& line) {
  auto q = ParseSearch(W(line));
  EXPECT_TRUE(q.ok()) << line << ": " << q.error();
  return q.ok() ? q->params : Params{};
}

std::string Error(const std::string& line) {
  auto q = ParseSearch(W(line));
  EXPECT_FALSE(q.ok()) << line;
  return q.ok() ? "" : q.error();
}

TEST(SplitWords, BlanksQuotesAndEscapes) {
  EXPECT_EQ(W("  search   agent where  "), (std::vector<std::string>{"search", "agent", "where"}));
  EXPECT_EQ(W("name=\"find passwd\" x"), (std::vector<std::string>{"name=find passwd", "x"}));
  EXPECT_EQ(W("t='a \"b\"'"), (std::vector<std::string>{"t=a \"b\""}));
  EXPECT_EQ(W(R"(a\ b "c\"d")"), (std::vector<std::string>{"a b", "c\"d"}));
  EXPECT_TRUE(W("").empty());
  EXPECT_EQ(W("''"), (std::vector<std::string>{""}));
}

TEST(SplitWords, UnterminatedQuoteSaysWhere) {
  auto w = SplitWords("search action where name='oops");
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.error().find("unterminated ' quote starting at column 26"), std::string::npos)
      << w.error();
  EXPECT_FALSE(SplitWords("x \"y").ok());
}

TEST(ParseSearch, NameMapsToTheTypesNameField) {
  EXPECT_EQ(Parse("agent where name=%foo%"),
            (Params{{"type", "agent"}, {"agentname", "%foo%"}, {"limit", "100"}}));
  EXPECT_EQ(Parse("action where name=x"),
            (Params{{"type", "action"}, {"actionname", "x"}, {"limit", "100"}}));
  EXPECT_EQ(Parse("command where name=x")[1],
            (std::pair<std::string, std::string>{"actionname", "x"}));
  EXPECT_EQ(Parse("investigator where name=bob")[1].first, "investigatorname");
}

TEST(ParseSearch, StarIsPercentAndConditionsChain) {
  EXPECT_EQ(Parse("command where actionid=12 and status=succ* and limit=5 and foundanything=true"),
            (Params{{"type", "command"},
                    {"actionid", "12"},
                    {"status", "succ%"},
                    {"limit", "5"},
                    {"foundanything", "true"}}));
}

TEST(ParseSearch, SpacedAndQuotedConditions) {
  EXPECT_EQ(Parse("agent where name = *web*")[1],
            (std::pair<std::string, std::string>{"agentname", "%web%"}));
  EXPECT_EQ(Parse("agent where name= web1")[1].second, "web1");
  EXPECT_EQ(Parse("action where name=\"find passwd\"")[1].second, "find passwd");
  EXPECT_EQ(Parse("agent where target=\"status='online'\"")[1],
            (std::pair<std::string, std::string>{"target", "status='online'"}));
}

TEST(ParseSearch, ErrorsSayWhatToType) {
  EXPECT_NE(Error("").find("needs a type"), std::string::npos);
  EXPECT_NE(Error("agnet where name=x").find("unknown search type 'agnet'; types are action"),
            std::string::npos);
  EXPECT_NE(Error("agent").find("needs 'where'"), std::string::npos);
  EXPECT_NE(Error("agent name=x").find("expected 'where' after 'agent', got 'name=x'"),
            std::string::npos);
  EXPECT_NE(Error("agent where").find("at least one condition"), std::string::npos);
  EXPECT_NE(Error("agent where nmae=x").find("unknown search key 'nmae'"), std::string::npos);
  EXPECT_NE(Error("agent where name").find("has no value: write name=<value>"), std::string::npos);
  EXPECT_NE(Error("agent where name=").find("has no value"), std::string::npos);
  EXPECT_NE(Error("agent where agentid=abc").find("'agentid' takes a number, not 'abc'"),
            std::string::npos);
  EXPECT_NE(
      Error("agent where name=a or status=b").find("expected 'and' between conditions, got 'or'"),
      std::string::npos);
  EXPECT_NE(Error("agent where name=a and").find("missing after 'and'"), std::string::npos);
  EXPECT_NE(Error("agent where name=a and agentname=b").find("'agentname' is given twice"),
            std::string::npos);
  // Every error reminds the syntax.
  EXPECT_NE(Error("agent where").find("usage: search <action|agent"), std::string::npos);
}

}  // namespace
}  // namespace mig::console
