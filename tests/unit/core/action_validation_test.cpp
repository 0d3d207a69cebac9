#include "core/action_validation.h"

#include <gtest/gtest.h>

#include "core/documents_json.h"
#include "test_env.h"

namespace mig {
namespace {

const Time kNow = Time::FromUnix(1'700'000'000);

Action Valid() {
  Action a;
  a.name = "n";
  a.target = "t";
  a.syntax_version = 2;
  a.valid_from = kNow.AddSeconds(-60);
  a.expire_after = kNow.AddSeconds(300);
  a.operations.emplace();
  a.pgp_signatures = {"sig"};
  return a;
}

std::string Check(const Action& a, bool agent_side = false) {
  const Status s = ValidateAction(a, kNow, agent_side);
  return s.ok() ? "valid" : s.message();
}

TEST(ActionValidation, ValidActionPasses) {
  EXPECT_EQ(Check(Valid()), "valid");
  EXPECT_EQ(Check(Valid(), true), "valid");
}

TEST(ActionValidation, OneErrorPerRule) {
  Action a = Valid();
  a.name.clear();
  EXPECT_EQ(Check(a), "action.name is empty: give the action a name");
  a = Valid();
  a.target.clear();
  EXPECT_EQ(Check(a), "action.target is empty: say which agents to target");
  a = Valid();
  a.syntax_version = 1;
  EXPECT_EQ(Check(a), "action.syntaxversion is 1, expected 2");
  a = Valid();
  a.valid_from = kNow.AddSeconds(400);
  EXPECT_EQ(Check(a),
            "action.validfrom (2023-11-14T22:20:00Z) is after action.expireafter "
            "(2023-11-14T22:18:20Z)");
  a = Valid();
  a.valid_from = kNow.AddSeconds(-100);
  a.expire_after = kNow.AddSeconds(-1);
  EXPECT_EQ(Check(a), "action has expired: expireafter 2023-11-14T22:13:19Z is in the past");
  a = Valid();
  a.operations.reset();
  EXPECT_EQ(Check(a), "action.operations is null: expected an array");
  a = Valid();
  a.pgp_signatures.clear();
  EXPECT_EQ(Check(a), "action.pgpsignatures is empty: the action must be signed");
}

TEST(ActionValidation, FutureValidFromOnlyMattersToAgents) {
  Action a = Valid();
  a.valid_from = kNow.AddSeconds(10);
  EXPECT_EQ(Check(a, false), "valid");
  EXPECT_EQ(Check(a, true),
            "action is not valid yet: validfrom 2023-11-14T22:13:30Z is in the future");
}

TEST(ActionValidation, BoundariesAreInclusive) {
  Action a = Valid();
  a.valid_from = kNow;
  a.expire_after = kNow;
  EXPECT_EQ(Check(a, true), "valid");
}

TEST(ActionValidation, ExamplesAreValidUntil2035) {
  for (const char* name : {"mig-example_v2.json", "mallory-single.json"}) {
    auto a = ParseAction(test::ReadFile(test::MigExamplesDir() + "/" + name));
    ASSERT_TRUE(a.ok()) << a.error();
    EXPECT_TRUE(ValidateAction(*a, *ParseTime("2026-11-22T00:00:00Z"), true).ok()) << name;
    EXPECT_FALSE(ValidateAction(*a, *ParseTime("2036-01-01T00:00:00Z"), true).ok()) << name;
  }
}

}  // namespace
}  // namespace mig
