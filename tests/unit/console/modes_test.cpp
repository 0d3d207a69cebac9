// Completion, help and messages of the console's modes, without a terminal.
#include <gtest/gtest.h>

#include "console/console.h"
#include "console/line_reader.h"
#include "console/permission_sets.h"
#include "console/session.h"

namespace mig::console {
namespace {

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(Completion, TopLevelCommandsAndArguments) {
  auto c = CompleteTopLevel("");
  EXPECT_TRUE(Has(c, "search") && Has(c, "status") && Has(c, "investigator"));
  c = CompleteTopLevel("create ");
  EXPECT_EQ(c, (std::vector<std::string>{"action", "investigator"}));
  c = CompleteTopLevel("search ag");
  EXPECT_TRUE(Has(c, "agent"));
  EXPECT_EQ(CompleteTopLevel("search agent "), (std::vector<std::string>{"where"}));
  c = CompleteTopLevel("search agent where ");
  EXPECT_TRUE(Has(c, "agentname=") && Has(c, "name="));
  EXPECT_EQ(CompleteTopLevel("search agent where name=x "), (std::vector<std::string>{"and"}));
  EXPECT_TRUE(CompleteTopLevel("status x y ").empty());
}

TEST(Completion, CommonPrefix) {
  EXPECT_EQ(CommonPrefix({"investigator", "investigators"}), "investigator");
  EXPECT_EQ(CommonPrefix({"abc", "abd", "ab"}), "ab");
  EXPECT_EQ(CommonPrefix({}), "");
}

TEST(Messages, UnknownCommandSuggestsTheCloseOne) {
  const std::vector<ModeCommand> cmds = {{"status", "", "", {}}, {"search", "", "", {}}};
  EXPECT_EQ(
      UnknownCommandMessage("staus", cmds),
      "unknown command 'staus'; did you mean 'status'? Type 'help' for the list of commands.");
  EXPECT_EQ(UnknownCommandMessage("frobnicate", cmds),
            "unknown command 'frobnicate'. Type 'help' for the list of commands.");
}

TEST(Messages, ParseIdRefusesWhatIsNotAnId) {
  EXPECT_EQ(*ParseId("123", "action ID"), 123);
  EXPECT_FALSE(ParseId("0", "action ID").ok());
  EXPECT_FALSE(ParseId("-4", "action ID").ok());
  EXPECT_EQ(ParseId("12a", "action ID").error(), "action ID must be a positive number, not '12a'");
}

TEST(Permissions, NamedSets) {
  auto d = PermissionsJson({});
  ASSERT_TRUE(d.ok());
  EXPECT_NE(d->find("\"search\":true"), std::string::npos);
  EXPECT_NE(d->find("\"investigator\":false"), std::string::npos);
  auto a = PermissionsJson({"PermAdmin"});
  EXPECT_NE(a->find("\"investigator_update\":true"), std::string::npos);
  EXPECT_NE(a->find("\"manifest\":false"), std::string::npos);
  EXPECT_NE(PermissionsJson({"Root"}).error().find("unknown permission set 'Root'"),
            std::string::npos);
}

}  // namespace
}  // namespace mig::console
