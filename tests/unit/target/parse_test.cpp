// Parsing into TargetExpr, and every kind of rejection with its position.
#include <gtest/gtest.h>

#include "core/target/target.h"

namespace mig {
namespace {

using Kind = TargetExpr::Kind;

TEST(ParseTarget, BuildsTreeWithPrecedence) {
  Result<TargetExpr> e = ParseTarget("mode='a' OR NOT pid=1 AND status='b'");
  ASSERT_TRUE(e.ok()) << e.error();
  ASSERT_EQ(e->kind, Kind::kOr);
  ASSERT_EQ(e->children.size(), 2u);
  EXPECT_EQ(e->children[0].kind, Kind::kCompare);
  const TargetExpr& conj = e->children[1];
  ASSERT_EQ(conj.kind, Kind::kAnd);
  EXPECT_EQ(conj.children[0].kind, Kind::kNot);
  EXPECT_EQ(conj.children[0].children[0].children[1].integer, 1);
  EXPECT_EQ(conj.children[1].children[1].text, "b");
}

TEST(ParseTarget, StringsColumnsAndJson) {
  Result<TargetExpr> e = ParseTarget("AGENTS.Environment -> 'aws' ->> 'it''s' = 'O''Brien'");
  ASSERT_TRUE(e.ok()) << e.error();
  ASSERT_EQ(e->kind, Kind::kCompare);
  const TargetExpr& json = e->children[0];
  ASSERT_EQ(json.kind, Kind::kJson);
  EXPECT_EQ(json.column, AgentColumn::kEnvironment);
  EXPECT_TRUE(json.as_text);
  ASSERT_EQ(json.steps.size(), 2u);
  EXPECT_EQ(json.steps[1].key, "it's");
  EXPECT_EQ(e->children[1].text, "O'Brien");
  EXPECT_EQ(json.offset, 7u);  // the column, after "AGENTS."
}

TEST(ParseTarget, TimeLiteralsAndIntervals) {
  Result<TargetExpr> e = ParseTarget("heartbeattime > now() - interval '1 day 2 hours 30 secs'");
  ASSERT_TRUE(e.ok()) << e.error();
  const TargetExpr& shift = e->children[1];
  ASSERT_EQ(shift.kind, Kind::kTimeShift);
  EXPECT_TRUE(shift.negated);
  EXPECT_DOUBLE_EQ(shift.interval.seconds, 86400 + 7200 + 30);
  Result<TargetExpr> y = ParseTarget("starttime < current_timestamp + interval '2 years 1 mon'");
  ASSERT_TRUE(y.ok()) << y.error();
  EXPECT_EQ(y->children[1].interval.months, 25);
  Result<TargetExpr> t = ParseTarget("starttime > '2015-09-09 10:43:30.5'");
  ASSERT_TRUE(t.ok()) << t.error();
  ASSERT_EQ(t->children[1].kind, Kind::kTime);
  EXPECT_EQ(FormatTime(t->children[1].time), "2015-09-09T10:43:30.5Z");
}

TEST(ParseTarget, FoundInAction) {
  for (bool found : {true, false}) {
    Result<TargetExpr> e = ParseTarget(TargetFoundPrefix(98765, found));
    ASSERT_TRUE(e.ok()) << e.error();
    EXPECT_EQ(e->kind, Kind::kFoundInAction);
    EXPECT_EQ(e->action_id, 98765);
    EXPECT_EQ(e->found, found);
  }
  Result<TargetExpr> both = ParseTarget(WithTargetFound(5, true, "status='online'"));
  ASSERT_TRUE(both.ok()) << both.error();
  EXPECT_EQ(both->kind, Kind::kAnd);
  EXPECT_EQ(both->children[0].kind, Kind::kFoundInAction);
}

TEST(ParseTarget, TargetFoundPrefixIsMigText) {
  EXPECT_EQ(TargetFoundPrefix(12345, true),
            "id IN (select agentid from commands, json_array_elements(commands.results) as r "
            "where actionid=12345 and r#>>'{foundanything}' = 'true')");
  EXPECT_EQ(WithTargetFound(1, false, "name='x'"),
            "id IN (select agentid from commands, json_array_elements(commands.results) as r "
            "where actionid=1 and r#>>'{foundanything}' = 'false') AND name='x'");
}

struct Rejection {
  std::string target;
  size_t offset;
  const char* reason;  // a part of the message
};

class ParseTargetRejects : public ::testing::TestWithParam<Rejection> {};

TEST_P(ParseTargetRejects, WithOffsetAndReason) {
  const Rejection& r = GetParam();
  TargetError error;
  Result<TargetExpr> e = ParseTarget(r.target, &error);
  ASSERT_FALSE(e.ok()) << r.target;
  EXPECT_EQ(error.offset, r.offset) << r.target << ": " << error.reason << "\n"
                                    << CaretDisplay(r.target, error.offset);
  EXPECT_NE(error.reason.find(r.reason), std::string::npos) << r.target << ": " << error.reason;
  EXPECT_NE(e.error().find("at byte " + std::to_string(r.offset)), std::string::npos) << e.error();
}

const std::string kFound =
    "id IN (select agentid from commands, json_array_elements(commands.results) as r where ";

INSTANTIATE_TEST_SUITE_P(
    All, ParseTargetRejects,
    ::testing::Values(
        Rejection{"nmae = 'x'", 0, "unknown column 'nmae'"},
        Rejection{"name = 'x' OR foo.name = 'y'", 14, "unknown table 'foo'"},
        Rejection{"agents.secret = 1", 7, "unknown column 'secret'"},
        Rejection{"lower(name) = 'x'", 0, "unknown function 'lower'"},
        Rejection{"pg_sleep(10) IS NULL", 0, "unknown function 'pg_sleep'"},
        Rejection{"name = 'x'; DROP TABLE agents", 10, "';' is not allowed"},
        Rejection{"name = 'x' -- comment", 11, "comments"},
        Rejection{"name = /* c */ 'x'", 7, "comments"},
        Rejection{"name = 'x", 7, "unterminated string"},
        Rejection{"(name = 'x'", 0, "never closed"},
        Rejection{"name = 'x')", 10, "unbalanced parenthesis"},
        Rejection{"1=1) OR (1=1", 3, "unbalanced parenthesis"},
        Rejection{"name = 'a') OR (name = 'b'", 10, "unbalanced parenthesis"},
        Rejection{"id IN (select id from agents)", 14, "subqueries are not allowed"},
        Rejection{"id IN (select agentid from commands, json_array_elements(commands.results) as r "
                  "where actionid=1 and r#>>'{foundanything}' = 'true' or 1=1)",
                  132, "subqueries are not allowed"},
        Rejection{kFound + "actionid=1.5 and r#>>'{foundanything}' = 'true')", 95, "differs"},
        Rejection{kFound + "actionid=1 and q#>>'{foundanything}' = 'true')", 101, "differs"},
        Rejection{"name = (select name from investigators)", 8, "subqueries"},
        Rejection{"exists (select 1)", 0, "subqueries"},
        Rejection{"name = ", 7, "end of the target"}, Rejection{"name 'x'", 5, "expected AND, OR"},
        Rejection{"name = 'x' AND", 14, "end of the target"}, Rejection{"", 0, "empty"},
        Rejection{"   ", 0, "empty"}, Rejection{"name", 0, "expected a condition"},
        Rejection{"pid = 1 AND name", 12, "expected a condition"},
        Rejection{"name = 5", 7, "cannot compare a text value with a number value"},
        Rejection{"pid = 'abc'", 6, "'abc' is not a number"},
        Rejection{"heartbeattime > 'yesterday'", 16, "invalid time"},
        Rejection{"environment = '{}'", 0, "JSON value cannot be compared"},
        Rejection{"environment->'aws' = 'x'", 0, "JSON value cannot be compared"},
        Rejection{"name->>'x' = 'y'", 4, "->> applies to environment"},
        Rejection{"environment->>'a'->>'b' = 'y'", 17, "->> applies to environment"},
        Rejection{"environment#>>'a,b' = 'y'", 14, "invalid JSON path"},
        Rejection{"environment->>-1 = 'y'", 14, "needs a key string"},
        Rejection{"pid LIKE '1%'", 0, "LIKE needs a text value"},
        Rejection{"name LIKE queueloc", 10, "LIKE needs a string pattern"},
        Rejection{"name LIKE 'abc\\'", 10, "escape character"},
        Rejection{"name = NULL", 7, "IS NULL"},
        Rejection{"name IS 'x'", 8, "expected NULL, TRUE or FALSE"},
        Rejection{"name IS TRUE", 0, "expected a condition"},
        Rejection{"status IN ()", 11, "at least one value"},
        Rejection{"status IN ('a', 5)", 16, "cannot compare"},
        Rejection{"pid = 1 = 1", 8, "cannot be chained"}, Rejection{"name::text = 'x'", 4, "casts"},
        Rejection{"\"name\" = 'x'", 0, "double quotes"},
        Rejection{"name = $1", 7, "unexpected character '$'"},
        Rejection{"name = 'x' \xc3\xa9", 11, "unexpected character byte"},
        Rejection{std::string("name = 'a\0b'", 12), 9, "NUL byte"},
        Rejection{"heartbeattime > now() - interval 'soon'", 33, "invalid interval"},
        Rejection{"heartbeattime > now() - '1 hour'", 24, "expected interval"},
        Rejection{"pid + interval '1 hour' > 1", 4, "only supported as <time>"},
        Rejection{"interval '1 hour' IS NULL", 0, "an interval can only be"},
        Rejection{"pid = 99999999999999999999999e999", 6, "out of range"},
        Rejection{"pid = 12abc", 8, "unexpected letter after number"},
        Rejection{std::string(kMaxTargetBytes + 1, ' '), kMaxTargetBytes, "longer than"},
        Rejection{std::string(70, '(') + "pid=1" + std::string(70, ')'), 64, "nested too deeply"},
        Rejection{[] {
                    std::string s;
                    for (int i = 0; i < 70; ++i)
                      s += "NOT ";
                    return s + "pid=1";
                  }(),
                  256, "nested too deeply"}));

TEST(ParseTarget, LongFlatChainsAreFine) {
  std::string target = "pid=0";
  for (int i = 1; i < 500; ++i)
    target += " OR pid=" + std::to_string(i);
  Result<TargetExpr> e = ParseTarget(target);
  ASSERT_TRUE(e.ok()) << e.error();
  EXPECT_EQ(e->children.size(), 500u);
  std::string deep_ok = std::string(60, '(') + "pid=1" + std::string(60, ')');
  EXPECT_TRUE(ParseTarget(deep_ok).ok());
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i)
    out += s;
  return out;
}

// Found by tests/fuzz/target_fuzz.cpp, which runs every accepted target in
// SQLite: 50 NOTs or 14 time shifts (within the 64 levels of parentheses and
// NOT allowed then) compiled to SQL that SQLite's parser refused ("parser
// stack overflow"), so such an action stayed in "preparing" for good.
TEST(ParseTarget, CompiledNestingIsBounded) {
  EXPECT_TRUE(ParseTarget(Repeat("NOT ", 19) + "id=1").ok());
  EXPECT_TRUE(ParseTarget("heartbeattime > now()" + Repeat(" - interval '1 day'", 9)).ok());
  EXPECT_TRUE(ParseTarget(Repeat("NOT ", 17) + TargetFoundPrefix(1, true)).ok());
  EXPECT_TRUE(ParseTarget(std::string(60, '(') + "pid=1" + std::string(60, ')')).ok());
  const struct {
    std::string target;
    size_t offset;
  } too_deep[] = {
      {Repeat("NOT ", 20) + "id=1", 80},
      {"heartbeattime > now()" + Repeat(" - interval '1 day'", 10), 16},
      {Repeat("NOT ", 18) + TargetFoundPrefix(1, true), 72},
      {Repeat("(id=1 OR ", 20) + "id=2" + std::string(20, ')'), 172},
  };
  for (const auto& t : too_deep) {
    TargetError error;
    Result<TargetExpr> e = ParseTarget(t.target, &error);
    ASSERT_FALSE(e.ok()) << t.target;
    EXPECT_EQ(error.offset, t.offset) << t.target;
    EXPECT_NE(error.reason.find("more than 20 levels"), std::string::npos) << error.reason;
  }
}

TEST(CaretDisplay, PointsAtTheOffset) {
  EXPECT_EQ(CaretDisplay("name = 'a' OR nmae = 'b'", 14),
            "name = 'a' OR nmae = 'b'\n              ^");
  // Control characters become spaces; multi-byte characters count once.
  EXPECT_EQ(CaretDisplay("name\t= '\xc3\xa9' x", 12), "name = '\xc3\xa9' x\n           ^");
  // Long text is cut around the offset.
  std::string longer = std::string(200, 'a') + "X" + std::string(200, 'b');
  std::string shown = CaretDisplay(longer, 200);
  const size_t newline = shown.find('\n');
  ASSERT_NE(newline, std::string::npos);
  const std::string text_line = shown.substr(0, newline);
  const std::string caret_line = shown.substr(newline + 1);
  EXPECT_EQ(text_line.substr(0, 3), "...");
  EXPECT_EQ(text_line.substr(text_line.size() - 3), "...");
  EXPECT_LT(text_line.size(), 140u);
  ASSERT_EQ(caret_line.back(), '^');
  EXPECT_EQ(text_line[caret_line.size() - 1], 'X');
  // Offsets past the end point just after the text.
  EXPECT_EQ(CaretDisplay("ab", 99), "ab\n  ^");
}

}  // namespace
}  // namespace mig
