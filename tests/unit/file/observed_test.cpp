// The observed cases of test-vectors.md 2.7, with our recommended behaviour
// where MIG has a quirk, plus robustness of the walk.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdlib>

#include "file_tree.h"
#include "modules/file/engine/hasher.h"

namespace mig::test {
namespace {

class Observed : public ::testing::Test {
 protected:
  void SetUp() override {
    char* real = realpath(tmp_.path().c_str(), nullptr);
    e_ = real;
    free(real);
    for (const char* d : {"foo", "foobar", "d1", "d1/d2", "d1/d2/d3"})
      mkdir((e_ + "/" + d).c_str(), 0755);
    WriteFile(e_ + "/foo/f1", "alpha\nbeta\n");
    WriteFile(e_ + "/foobar/f2", "alpha\n");
    WriteFile(e_ + "/empty", "");
    WriteFile(e_ + "/d1/l1", "1");
    WriteFile(e_ + "/d1/d2/l2", "2");
    WriteFile(e_ + "/d1/d2/d3/l3", "3");
    WriteFile(e_ + "/long", std::string(70000, 'a') + "\nNEEDLE\n");
    mkfifo((e_ + "/fifo").c_str(), 0644);
    symlink("foo/f1", (e_ + "/flink").c_str());
    symlink("foo", (e_ + "/dlink").c_str());
  }
  std::string P(const std::string& rel) const { return e_ + "/" + rel; }
  ModuleResult Run(Json search, bool matchall = true) {
    search["options"]["matchall"] = matchall;
    return RunFileSearch(search);
  }
  TempDir tmp_{"mig-file-obs"};
  std::string e_;
};

const std::string kMd5F2 = modules::file::HexDigest(modules::file::HashAlgo::kMd5, "alpha\n");

TEST_F(Observed, O1O2MismatchContentMeansNoLineMatches) {
  const Json s = {{"paths", {P("foo"), P("foobar")}},
                  {"contents", {"beta"}},
                  {"options", {{"mismatch", {"content"}}}}};
  // Quirk 3: MIG finds nothing under matchany; we apply the truth table.
  EXPECT_EQ(FoundFiles(Run(s, false)), std::vector<std::string>{P("foobar/f2")});
  EXPECT_EQ(FoundFiles(Run(s, true)), std::vector<std::string>{P("foobar/f2")});
}

TEST_F(Observed, O3O4HashesEvaluatedWithInverseContent) {
  // Quirk 4: MIG skips the hashes and finds nothing in O3.
  EXPECT_EQ(FoundFiles(Run({{"paths", {P("foobar")}}, {"contents", {"!beta"}}, {"md5", {kMd5F2}}})),
            std::vector<std::string>{P("foobar/f2")});
  EXPECT_EQ(FoundFiles(Run({{"paths", {P("foobar")}}, {"contents", {"alpha"}}, {"md5", {kMd5F2}}})),
            std::vector<std::string>{P("foobar/f2")});
}

TEST_F(Observed, O5O6InverseContent) {
  EXPECT_EQ(FoundFiles(Run({{"paths", {P("foo"), P("foobar")}}, {"contents", {"!beta"}}}, false)),
            std::vector<std::string>{P("foobar/f2")});
  // Quirk 3: MIG returns both files; "!R" with mismatch means "some line matches R".
  EXPECT_EQ(FoundFiles(Run({{"paths", {P("foo"), P("foobar")}},
                            {"contents", {"!beta"}},
                            {"options", {{"mismatch", {"content"}}}}})),
            std::vector<std::string>{P("foo/f1")});
}

TEST_F(Observed, O7O8ScopeComparesWholeComponents) {
  const Json params = {
      {"searches",
       {{"s1", {{"paths", {P("foo")}}, {"contents", {"alpha"}}, {"options", {{"matchall", true}}}}},
        {"s2", {{"paths", {e_}}, {"names", {"^nomatch$"}}, {"options", {{"matchall", true}}}}}}}};
  const ModuleResult r = RunFileParameters(params);
  EXPECT_EQ(FoundFiles(r), std::vector<std::string>{P("foo/f1")});  // quirk 2: no foobar leak
}

TEST_F(Observed, O9O10EmptyFile) {
  EXPECT_TRUE(
      FoundFiles(
          Run({{"paths", {P("empty")}}, {"contents", {"^$"}}, {"options", {{"macroal", true}}}}))
          .empty());
  EXPECT_EQ(FoundFiles(Run({{"paths", {P("empty")}}, {"contents", {"!x"}}})),
            std::vector<std::string>{P("empty")});
}

TEST_F(Observed, O11LongLinesAreScanned) {
  // Quirk 5: MIG stops at a 64 KiB line; we keep reading.
  EXPECT_EQ(FoundFiles(Run({{"paths", {P("long")}}, {"contents", {"NEEDLE"}}})),
            std::vector<std::string>{P("long")});
}

TEST_F(Observed, O12MatchlimitAndSkippedSpecialFiles) {
  const Json params = {
      {"searches",
       {{"a",
         {{"paths", {e_}},
          {"names", {"^l"}},
          {"options", {{"matchall", true}, {"matchlimit", 1}}}}},
        {"b", {{"paths", {e_}}, {"names", {"^f"}}, {"options", {{"matchall", true}}}}}}}};
  const ModuleResult r = RunFileParameters(params);
  EXPECT_TRUE(r.success);
  // The fifo is never opened or counted, dlink is skipped: 8 files.
  EXPECT_EQ(r.statistics["filescount"], 8);
  int a = 0;
  for (const auto& e : r.elements["a"])
    a += !e["file"].get<std::string>().empty();
  EXPECT_LE(a, 1);
}

TEST_F(Observed, O13O14O15Roots) {
  EXPECT_EQ(FoundFiles(Run({{"paths", {P("flink")}}, {"contents", {"alpha"}}})),
            std::vector<std::string>{P("foo/f1")});
  // Quirk 6: a root link to a directory is warned about and skipped.
  const ModuleResult r = Run({{"paths", {P("dlink")}}, {"names", {"."}}});
  EXPECT_TRUE(FoundFiles(r).empty());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0],
            "warning: " + P("dlink") + " is a link to " + P("foo") + " and was not followed");
  const ModuleResult n = Run({{"paths", {"/dev/null"}}, {"names", {"null"}}});
  ASSERT_EQ(FoundFiles(n), std::vector<std::string>{"/dev/null"});
  EXPECT_EQ(n.elements["s1"][0]["fileinfo"]["mode"], "Dcrw-rw-rw-");
  // Quirk 7: a FIFO root with a content check does not block.
  EXPECT_TRUE(FoundFiles(Run({{"paths", {P("fifo")}}, {"contents", {"x"}}})).empty());
}

TEST_F(Observed, O16O17NoFilters) {
  const ModuleResult all = Run({{"paths", {P("foo")}}});
  ASSERT_EQ(all.elements["s1"].size(), 1u);
  EXPECT_EQ(all.elements["s1"][0]["file"], "");
  EXPECT_FALSE(all.found_anything);
  EXPECT_TRUE(Run({{"paths", {P("foo")}}}, false).elements["s1"].is_null());
}

TEST_F(Observed, O19O20SizeZeroAndDepth) {
  EXPECT_EQ(FoundFiles(Run({{"paths", {e_}}, {"sizes", {"0"}}})),
            std::vector<std::string>{P("empty")});
  EXPECT_EQ(
      FoundFiles(Run({{"paths", {P("d1")}}, {"names", {"^l"}}, {"options", {{"maxdepth", 2}}}})),
      (std::vector<std::string>{P("d1/d2/l2"), P("d1/l1")}));
}

TEST_F(Observed, O21MaxErrors) {
  const ModuleResult r = Run({{"paths", {"/nonexist1", "/nonexist2", "/nonexist3"}},
                              {"names", {"x"}},
                              {"options", {{"maxerrors", 1}}}});
  EXPECT_TRUE(r.success);
  EXPECT_EQ(r.statistics["openfailed"], 3);
  // Quirk 10: each missing root is reported once, not twice.
  EXPECT_EQ(r.errors, (std::vector<std::string>{"ERROR: open /nonexist1: no such file or directory",
                                                "2 errors were not returned (max errors = 1)"}));
}

TEST_F(Observed, O22CrlfAndO23Decompress) {
  WriteFile(P("crlf"), "a\r\nb\r\n");
  EXPECT_EQ(FoundFiles(Run({{"paths", {P("crlf")}}, {"contents", {"^a$"}}})),
            std::vector<std::string>{P("crlf")});
  const std::string gz = P("h.gz");
  gzFile g = gzopen(gz.c_str(), "wb");
  gzwrite(g, "hello gz\n", 9);
  gzclose(g);
  const ModuleResult r = Run({{"paths", {gz, P("empty")}},
                              {"names", {"."}},
                              {"options", {{"decompress", true}, {"returnsha256", true}}}});
  ASSERT_EQ(FoundFiles(r).size(), 2u);
  for (const auto& e : r.elements["s1"])
    if (e["file"] == gz) {
      EXPECT_EQ(e["fileinfo"]["sha256"],
                modules::file::HexDigest(modules::file::HashAlgo::kSha256, "hello gz\n"));
    }
  EXPECT_TRUE(r.errors.empty());  // quirk 10: no nil-pointer error for the empty file
}

TEST_F(Observed, MatchanyEntriesAndPlaceholders) {
  const ModuleResult r =
      Run({{"paths", {P("foo")}},
           {"names", {"f1"}},
           {"sha3", {"a7ba1e66174848ecea143b612f22168b006979e3827e09f0ae6395e8"}}},
          false);
  ASSERT_EQ(r.elements["s1"].size(), 2u);
  EXPECT_EQ(
      r.elements["s1"][0]["search"].dump(),
      R"({"paths":[")" + P("foo") +
          R"("],"names":["f1"],"options":{"maxdepth":0,"maxerrors":0,"matchall":false,"macroal":false,"mismatch":null,"matchlimit":0}})");
  EXPECT_EQ(r.elements["s1"][1]["file"], "");
  EXPECT_EQ(r.elements["s1"][1]["search"]["sha3"][0],
            "A7BA1E66174848ECEA143B612F22168B006979E3827E09F0AE6395E8");
  const std::vector<std::string> keys = {"file", "search", "fileinfo"};
  std::vector<std::string> got;
  for (const auto& [k, v] : r.elements["s1"][0].items())
    got.push_back(k);
  EXPECT_EQ(got, keys);
}

TEST_F(Observed, UnreadableAndVanishingEntriesDoNotStopTheWalk) {
  // Unreadable directory (root bypasses permissions, so use a broken
  // symlink loop and a directory removed before the walk reaches it).
  symlink("loop1", P("loop2").c_str());
  symlink("loop2", P("loop1").c_str());
  const ModuleResult r = Run({{"paths", {e_, P("gone")}}, {"names", {"^f1$"}}});
  EXPECT_TRUE(r.success);
  EXPECT_EQ(FoundFiles(r), std::vector<std::string>{P("foo/f1")});
  EXPECT_GE(r.statistics["openfailed"].get<int>(), 3);  // two loops and the missing root
}

TEST_F(Observed, NonUtf8NamesAndLongPaths) {
  WriteFile(P("bad\xff name"), "x");
  ModuleResult r = Run({{"paths", {e_}}, {"names", {"name$"}}});
  ASSERT_EQ(FoundFiles(r), std::vector<std::string>{P("bad\\xff name")});
  // A path longer than PATH_MAX, built with relative mkdir.
  std::string dir = P("deep");
  mkdir(dir.c_str(), 0755);
  const int base = open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  int fd = base;
  const std::string comp(200, 'd');
  for (int i = 0; i < 25; ++i) {
    mkdirat(fd, comp.c_str(), 0755);
    const int next = openat(fd, comp.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd != base) close(fd);
    fd = next;
  }
  const int f = openat(fd, "deepfile", O_CREAT | O_WRONLY, 0644);
  ASSERT_EQ(write(f, "needle\n", 7), 7);
  close(f);
  close(fd);
  close(base);
  r = Run({{"paths", {dir}}, {"contents", {"needle"}}});
  const auto found = FoundFiles(r);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_GT(found[0].size(), 5000u);
  EXPECT_TRUE(r.errors.empty()) << r.errors[0];
  std::string cmd = "rm -rf '" + dir + "'";
  ASSERT_EQ(system(cmd.c_str()), 0);
}

}  // namespace
}  // namespace mig::test
