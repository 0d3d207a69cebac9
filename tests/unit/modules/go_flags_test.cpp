// The shared Go-rules flag parser (modules/go_flags.h) with what a user
// may type: unknown flags, missing values, bad numbers and booleans.
#include <gtest/gtest.h>

#include "modules/go_flags.h"
#include "test_env.h"

namespace mig::modules {
namespace {

struct Flags {
  std::vector<std::string> list;
  std::string text;
  double number = 0;
  bool flag = false;
  FlagSet set{"mig test"};
  Flags() {
    set.List("l", &list, "a list");
    set.String("s", &text, "a string");
    set.Number("n", &number, "a number");
    set.Bool("b", &flag, "a boolean");
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

TEST(GoFlags, DescribesItsFlagsInRegistrationOrder) {
  Flags f;
  FlagFile file;
  f.set.File("f", &file, "a file");
  const std::vector<FlagInfo> want = {{"l", FlagType::kList, "a list"},
                                      {"s", FlagType::kString, "a string"},
                                      {"n", FlagType::kNumber, "a number"},
                                      {"b", FlagType::kBool, "a boolean"},
                                      {"f", FlagType::kFile, "a file"}};
  EXPECT_EQ(f.set.Describe(), want);
  EXPECT_EQ(FlagTypeName(FlagType::kList), "list");
  EXPECT_EQ(FlagTypeName(FlagType::kString), "string");
  EXPECT_EQ(FlagTypeName(FlagType::kNumber), "number");
  EXPECT_EQ(FlagTypeName(FlagType::kBool), "bool");
  EXPECT_EQ(FlagTypeName(FlagType::kFile), "file");
}

struct WithFile {
  FlagFile file;
  bool other = false;
  FlagSet set{"mig test"};
  explicit WithFile(size_t max_bytes = kMaxFlagFileBytes) {
    set.File("f", &file, "a file", max_bytes);
    set.Bool("o", &other, "other");
  }
};

TEST(GoFlags, AFileFlagReadsThroughTheSourceItIsGiven) {
  mig::test::TempDir dir("go-flags");
  mig::test::WriteFile(dir.Sub("doc"), "on disk");
  WithFile disk;
  ASSERT_TRUE(disk.set.Parse({"-f", dir.Sub("doc"), "-o"}, DiskFiles()));
  EXPECT_EQ(disk.file.name, dir.Sub("doc"));
  EXPECT_EQ(disk.file.content, "on disk");
  EXPECT_TRUE(disk.other);

  WithFile upload;
  const UploadedFiles uploaded({{"doc", "uploaded"}});
  ASSERT_TRUE(upload.set.Parse({"-f=doc"}, uploaded));
  EXPECT_EQ(upload.file.content, "uploaded");
  // A name not uploaded is refused, even one that exists on this disk.
  WithFile refused;
  EXPECT_EQ(refused.set.Parse({"-f", dir.Sub("doc")}, uploaded).message(),
            "file '" + dir.Sub("doc") +
                "' was not uploaded with the request (the server never reads its own files)");
  EXPECT_EQ(refused.file.content, "");
  // Without a source, nothing is read.
  WithFile none;
  EXPECT_EQ(none.set.Parse({"-f", dir.Sub("doc")}).message(),
            "cannot read file '" + dir.Sub("doc") + "': no file source here");
  // An empty name reads nothing, as if the flag were absent.
  WithFile empty;
  ASSERT_TRUE(empty.set.Parse({"-f", ""}, DiskFiles()));
  EXPECT_EQ(empty.file.name, "");
}

TEST(GoFlags, FileSourcesAreBounded) {
  mig::test::TempDir dir("go-flags");
  mig::test::WriteFile(dir.Sub("ten"), "0123456789");
  EXPECT_EQ(*DiskFiles().Read(dir.Sub("ten"), 10), "0123456789");
  EXPECT_EQ(DiskFiles().Read(dir.Sub("ten"), 9).error(),
            dir.Sub("ten") + " is larger than 9 bytes");
  EXPECT_EQ(DiskFiles().Read(dir.path(), 100).error(), dir.path() + " is not a regular file");
  EXPECT_EQ(DiskFiles()
                .Read(dir.Sub("missing"), 100)
                .error()
                .rfind("open " + dir.Sub("missing") + ": ", 0),
            0u);
  EXPECT_FALSE(DiskFiles().Read("/dev/zero", 100));  // not a regular file: never read forever
  const UploadedFiles up({{"a", "0123456789"}});
  EXPECT_EQ(*up.Read("a", 10), "0123456789");
  EXPECT_EQ(up.Read("a", 9).error(), "a is larger than 9 bytes");
  EXPECT_FALSE(up.Read("b", 100));
  WithFile small(4);
  EXPECT_EQ(small.set.Parse({"-f", "a"}, up).message(), "a is larger than 4 bytes");
}

}  // namespace
}  // namespace mig::modules
