// The shared Go-rules flag parser (modules/go_flags.h) with what a user
// may type: unknown flags, missing values, bad numbers and booleans.
#include <gtest/gtest.h>

#include "modules/go_flags.h"

namespace mig::modules {
namespace {

struct Flags {
  std::vector<std::string> list;
  std::string text;
  double number = 0;
  bool flag = false;
  FlagSet set{"mig test"};
  Flags() {
    set.List("l", &list);
    set.String("s", &text);
    set.Number("n", &number);
    set.Bool("b", &flag);
  }
};

TEST(GoFlags, EveryFormOfAFlag) {
  Flags f;
  ASSERT_TRUE(f.set.Parse({"-l", "a", "--l", "b", "-l=c", "-s=x=y", "-n", "2.5", "-b"}));
  EXPECT_EQ(f.list, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(f.text, "x=y");
  EXPECT_EQ(f.number, 2.5);
  EXPECT_TRUE(f.flag);
  Flags g;
  ASSERT_TRUE(g.set.Parse({"-b=false", "-s", "-b"}));  // a flag's value may look like a flag
  EXPECT_FALSE(g.flag);
  EXPECT_EQ(g.text, "-b");
}

TEST(GoFlags, ParsingStopsAtTheFirstNonFlag) {
  Flags f;
  ASSERT_TRUE(f.set.Parse({"-s", "x", "rest", "-unknown"}));
  EXPECT_EQ(f.text, "x");
  Flags g;
  ASSERT_TRUE(g.set.Parse({"--", "-unknown"}));
  Flags h;
  ASSERT_TRUE(h.set.Parse({"-", "-unknown"}));
}

TEST(GoFlags, BadInputSaysWhatIsWrong) {
  Flags f;
  EXPECT_EQ(f.set.Parse({"-nope"}).message(),
            "flag provided but not defined: -nope (see mig test help)");
  EXPECT_EQ(f.set.Parse({"-s"}).message(), "flag needs an argument: -s");
  EXPECT_EQ(f.set.Parse({"-b=maybe"}).message(),
            "invalid boolean value \"maybe\" for flag -b: use true or false");
  EXPECT_EQ(f.set.Parse({"-h"}).message(), "help requested");
  EXPECT_EQ(f.set.Parse({"--help"}).message(), "help requested");
  for (const char* bad : {"", "1x", "0x10", "1e999", " 1", "--1"}) {
    Flags g;
    EXPECT_EQ(g.set.Parse({"-n", bad}).message(),
              "invalid value \"" + std::string(bad) + "\" for flag -n: expected a number")
        << bad;
    EXPECT_EQ(g.number, 0) << bad;
  }
  Flags h;
  const std::string huge(1 << 20, 'a');
  EXPECT_NE(h.set.Parse({"-" + huge}).message().find("flag provided but not defined"),
            std::string::npos);
  ASSERT_TRUE(h.set.Parse({"-s", huge}));
  EXPECT_EQ(h.text.size(), huge.size());
}

}  // namespace
}  // namespace mig::modules
