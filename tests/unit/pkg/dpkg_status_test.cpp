// The dpkg status parser: dpkg's naming and version rules, and attacker
// input (oversized, malformed, binary, the wrong kind of file): always a
// problem with a line number, never a crash or a partial list.
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "modules/pkg/engine/dpkg_status.h"
#include "modules/pkg/engine/inventory.h"
#include "test_env.h"

namespace mig::modules::pkg {
namespace {

using mig::test::TempDir;
using mig::test::WriteFile;

std::string Stanza(const std::string& name, const std::string& status, const std::string& version,
                   const std::string& arch, const std::string& extra = "") {
  return "Package: " + name + "\nStatus: " + status + "\nPriority: optional\nVersion: " + version +
         "\nArchitecture: " + arch + "\n" + extra + "Description: a package\n two lines\n\n";
}

Result<std::vector<InstalledPackage>> Parse(const std::string& text, DpkgStatusLimits limits = {},
                                            std::size_t chunk = 7) {
  DpkgStatusParser parser(limits);
  for (std::size_t i = 0; i < text.size(); i += chunk)
    if (!parser.Feed(std::string_view(text).substr(i, chunk))) break;
  return parser.Finish();
}

std::vector<std::string> Names(const std::vector<InstalledPackage>& packages) {
  std::vector<std::string> names;
  for (const auto& p : packages)
    names.push_back(p.name + " " + p.version + " " + p.arch);
  return names;
}

TEST(DpkgStatus, KeepsOnlyInstallOkInstalled) {
  const std::string text = Stanza("bash", "install ok installed", "5.2.15-2+b8", "amd64") +
                           Stanza("held", "hold ok installed", "1.0", "amd64") +
                           Stanza("gone", "deinstall ok config-files", "1.0", "amd64") +
                           Stanza("broken", "install reinstreq installed", "1.0", "amd64") +
                           Stanza("half", "install ok half-configured", "1.0", "amd64") +
                           Stanza("zsh", "install ok installed", "5.9-4", "amd64");
  auto packages = Parse(text);
  ASSERT_TRUE(packages.ok()) << packages.error();
  EXPECT_EQ(Names(*packages),
            (std::vector<std::string>{"bash 5.2.15-2+b8 amd64", "zsh 5.9-4 amd64"}));
  for (const auto& p : *packages)
    EXPECT_EQ(p.type, "dpkg");
}

TEST(DpkgStatus, NamesCarryTheArchitectureAsDpkgListPrintsThem) {
  const std::string text =
      Stanza("dpkg", "install ok installed", "1.21.22", "amd64", "Multi-Arch: foreign\n") +
      Stanza("libc6", "install ok installed", "2.36-9+deb12u14", "amd64", "Multi-Arch: same\n") +
      Stanza("libc6", "install ok installed", "2.36-9+deb12u14", "i386", "Multi-Arch: same\n") +
      Stanza("wine32", "install ok installed", "8.0", "i386") +
      Stanza("tzdata", "install ok installed", "2024a-0+deb12u1", "all", "Multi-Arch: foreign\n") +
      Stanza("fonts", "install ok installed", "1.0", "all", "Multi-Arch: same\n");
  auto packages = Parse(text);
  ASSERT_TRUE(packages.ok()) << packages.error();
  EXPECT_EQ(Names(*packages), (std::vector<std::string>{
                                  "dpkg 1.21.22 amd64",
                                  "libc6:amd64 2.36-9+deb12u14 amd64",
                                  "libc6:i386 2.36-9+deb12u14 i386",
                                  "wine32:i386 8.0 i386",
                                  "tzdata 2024a-0+deb12u1 all",
                                  "fonts:all 1.0 all",
                              }));
}

TEST(DpkgStatus, TheNativeArchitectureIsDpkgsEvenWhenItComesLast) {
  // On an arm64 host, arm64 packages are native, amd64 ones foreign.
  const std::string text = Stanza("aaa", "install ok installed", "1", "arm64") +
                           Stanza("bbb", "install ok installed", "1", "amd64") +
                           Stanza("dpkg", "install ok installed", "1.21.22", "arm64");
  auto packages = Parse(text);
  ASSERT_TRUE(packages.ok()) << packages.error();
  EXPECT_EQ(Names(*packages),
            (std::vector<std::string>{"aaa 1 arm64", "bbb:amd64 1 amd64", "dpkg 1.21.22 arm64"}));
}

TEST(DpkgStatus, VersionsAsDpkgPrintsThem) {
  const std::string text = Stanza("a", "install ok installed", "1:9.9.5.dfsg-4.3", "all") +
                           Stanza("b", "install ok installed", "0:1.0-1", "all") +
                           Stanza("c", "install ok installed", "0:1:2-3", "all") +
                           Stanza("d", "install ok installed", "007:1.0", "all") +
                           Stanza("e", "install ok installed", "  2.0~rc1+dfsg  ", "all");
  auto packages = Parse(text);
  ASSERT_TRUE(packages.ok()) << packages.error();
  EXPECT_EQ(Names(*packages),
            (std::vector<std::string>{"a 1:9.9.5.dfsg-4.3 all", "b 1.0-1 all", "c 0:1:2-3 all",
                                      "d 7:1.0 all", "e 2.0~rc1+dfsg all"}));
}

TEST(DpkgStatus, FieldNamesAreCaseInsensitiveAndNamesLowerCase) {
  auto packages =
      Parse("package: LibFoo\nSTATUS: install ok installed\nversion: 1\narchitecture: all\n");
  ASSERT_TRUE(packages.ok()) << packages.error();
  EXPECT_EQ(Names(*packages), (std::vector<std::string>{"libfoo 1 all"}));
}

TEST(DpkgStatus, ChunkBoundariesDoNotMatter) {
  const std::string text = Stanza("a", "install ok installed", "1", "all") +
                           Stanza("b", "install ok installed", "2", "all");
  for (std::size_t chunk : {1u, 2u, 3u, 5u, 64u, 4096u}) {
    auto packages = Parse(text, {}, chunk);
    ASSERT_TRUE(packages.ok()) << packages.error();
    EXPECT_EQ(Names(*packages), (std::vector<std::string>{"a 1 all", "b 2 all"})) << chunk;
  }
}

TEST(DpkgStatus, ATruncatedLastStanzaStillCountsWhenWhole) {
  // No final newline: the last line is still read.
  auto packages = Parse("Package: a\nStatus: install ok installed\nVersion: 1\nArchitecture: all");
  ASSERT_TRUE(packages.ok()) << packages.error();
  EXPECT_EQ(Names(*packages), (std::vector<std::string>{"a 1 all"}));
}

void ExpectRefused(const std::string& text, const std::string& why, DpkgStatusLimits limits = {}) {
  auto packages = Parse(text, limits);
  ASSERT_FALSE(packages.ok()) << "accepted: " << text.substr(0, 200);
  EXPECT_NE(packages.error().find(why), std::string::npos) << packages.error();
  EXPECT_EQ(packages.error().rfind("line ", 0), 0u) << packages.error();
}

TEST(DpkgStatus, MalformedFilesAreRefusedWhole) {
  const std::string good = Stanza("a", "install ok installed", "1", "all");
  ExpectRefused(good + "Package: b\nStatus: install ok installed\nVersion: 1\nArchitec",
                "not followed by a colon");
  ExpectRefused(good + "Status: install ok installed\nVersion: 1\nArchitecture: all\n",
                "no Package field");
  ExpectRefused(good + "Package: b\nVersion: 1\nArchitecture: all\n", "no Status field");
  ExpectRefused(good + "Package: b\nStatus: install ok\nVersion: 1\nArchitecture: all\n",
                "three words");
  ExpectRefused(good + "Package: b\nStatus: install ok nonsense\nVersion: 1\nArchitecture: all\n",
                "unknown state");
  ExpectRefused(good + "Package: b\nStatus: install ok installed\nArchitecture: all\n",
                "no Version");
  ExpectRefused(good + "Package: b\nStatus: install ok installed\nVersion: 1\n", "no Architecture");
  ExpectRefused(good + Stanza("b", "install ok installed", "x:1", "all"), "epoch is not a number");
  ExpectRefused(good + Stanza("b", "install ok installed", "1:", "all"), "nothing after");
  ExpectRefused(good + Stanza("b", "install ok installed", "1.0-", "all"), "empty revision");
  ExpectRefused(good + Stanza("b", "install ok installed", "99999999999:1", "all"), "too big");
  ExpectRefused(good + Stanza("b", "install ok installed", "1 2", "all"), "embedded spaces");
  ExpectRefused(good + Stanza("-b", "install ok installed", "1", "all"), "package name");
  ExpectRefused(good + Stanza("b/../c", "install ok installed", "1", "all"), "package name");
  ExpectRefused(good + Stanza("b", "install ok installed", "1", "am d64"), "architecture");
  ExpectRefused(good + Stanza("b", "install ok installed", "1", "all", "Multi-Arch: sometimes\n"),
                "Multi-Arch");
  ExpectRefused(good + "Package: b\nPackage: c\nStatus: install ok installed\n", "given twice");
  ExpectRefused(good + "Package: b\n c\nStatus: install ok installed\n", "several lines");
  ExpectRefused(" leading continuation\n" + good, "continuation line outside a field");
  ExpectRefused(good + ": value\n", "empty field name");
  ExpectRefused(good + std::string("Package: b\0x\n", 13), "NUL");
  ExpectRefused(good + "Package:\nStatus: install ok installed\n", "empty");
}

TEST(DpkgStatus, ErrorsNameTheLine) {
  auto packages = Parse(
      "Package: a\nStatus: install ok installed\nVersion: 1\nArchitecture: all\n"
      "\nPackage: b\ngarbage line\n");
  ASSERT_FALSE(packages.ok());
  EXPECT_EQ(packages.error().rfind("line 7: ", 0), 0u) << packages.error();
}

TEST(DpkgStatus, HugeLinesAndFilesAndStanzaCountsAreBounded) {
  DpkgStatusLimits limits;
  limits.max_line = 1000;
  limits.max_bytes = 100000;
  limits.max_stanzas = 10;
  ExpectRefused("Package: a\nDescription: " + std::string(5000, 'x') + "\n", "longer than 1000",
                limits);
  // A long line without any newline at all (the parser must not buffer it).
  ExpectRefused(std::string(5000, 'y'), "longer than 1000", limits);
  std::string many;
  for (int i = 0; i < 11; ++i)
    many += Stanza("p" + std::to_string(i), "install ok installed", "1", "all");
  ExpectRefused(many, "more than 10 packages", limits);
  std::string big;
  while (big.size() <= limits.max_bytes)
    big += "X-Field: " + std::string(500, 'z') + "\n";
  ExpectRefused(big, "larger than 100000", limits);
}

TEST(DpkgStatus, DefaultLimitsRefuseAHundredMegabyteLine) {
  // Fed in 1 MB chunks like a file: refused at the first MB, memory bounded.
  DpkgStatusParser parser;
  const std::string chunk(1 << 20, 'a');
  Status fed;
  std::size_t chunks = 0;
  for (; chunks < 100 && fed.ok(); ++chunks)
    fed = parser.Feed(chunk);
  EXPECT_FALSE(fed.ok());
  EXPECT_LE(chunks, 2u);
  EXPECT_FALSE(parser.Finish().ok());
}

TEST(DpkgStatus, BinaryGarbageIsRefused) {
  std::string garbage;
  for (int i = 0; i < 20000; ++i)
    garbage.push_back(static_cast<char>((i * 7919) % 256));
  auto packages = Parse(garbage);
  EXPECT_FALSE(packages.ok());
}

TEST(DpkgStatus, AnEmptyFileHasNoPackages) {
  auto packages = Parse("");
  ASSERT_TRUE(packages.ok());
  EXPECT_TRUE(packages->empty());
  packages = Parse("\n\n\n");
  ASSERT_TRUE(packages.ok());
  EXPECT_TRUE(packages->empty());
}

TEST(DpkgStatusFile, ProblemsOfTheFileAreReportedByTheInventory) {
  TempDir dir("mig-pkg-dpkg");
  const std::string rpm = dir.Sub("no-rpm");
  // A directory in place of the file.
  std::filesystem::create_directory(dir.Sub("status-dir"));
  Inventory inventory = ReadInventory({dir.Sub("status-dir"), rpm});
  EXPECT_TRUE(inventory.packages.empty());
  ASSERT_EQ(inventory.problems.size(), 1u);
  EXPECT_NE(inventory.problems[0].find("not a regular file"), std::string::npos);
  // A truncated file, cut in the middle of a field name.
  WriteFile(dir.Sub("truncated"), Stanza("a", "install ok installed", "1", "all") + "Pack");
  inventory = ReadInventory({dir.Sub("truncated"), rpm});
  EXPECT_TRUE(inventory.packages.empty());
  ASSERT_EQ(inventory.problems.size(), 1u);
  EXPECT_NE(inventory.problems[0].find(dir.Sub("truncated") + ": line 9: "), std::string::npos)
      << inventory.problems[0];
  // A file the reader may not open (mode 000 is no obstacle to root: a FIFO
  // is, and must not block either).
  ASSERT_EQ(::mkfifo(dir.Sub("fifo").c_str(), 0600), 0);
  inventory = ReadInventory({dir.Sub("fifo"), rpm});
  ASSERT_EQ(inventory.problems.size(), 1u);
  EXPECT_NE(inventory.problems[0].find("not a regular file"), std::string::npos);
  // A status file with good stanzas and a huge field.
  WriteFile(dir.Sub("huge"), Stanza("a", "install ok installed", "1", "all") +
                                 "Package: b\nDescription: " + std::string(3 << 20, 'd') + "\n");
  inventory = ReadInventory({dir.Sub("huge"), rpm});
  EXPECT_TRUE(inventory.packages.empty());
  ASSERT_EQ(inventory.problems.size(), 1u);
  EXPECT_NE(inventory.problems[0].find("longer than"), std::string::npos);
}

// dpkg's journal (updates/NNNN), as dpkg-query --admindir reads it: a
// record replaces the one of its name and architecture, a new one is added.
TEST(DpkgStatusFile, TheJournalBesideStatusIsAppliedAsDpkgQueryAppliesIt) {
  TempDir dir("mig-pkg-admindir");
  std::filesystem::create_directory(dir.Sub("updates"));
  WriteFile(dir.Sub("status"),
            Stanza("dpkg", "install ok installed", "1.21.22", "amd64") +
                Stanza("aaa", "install ok installed", "1.0", "amd64") +
                Stanza("bbb", "install ok installed", "2.0", "all") +
                Stanza("libz", "install ok installed", "1:1.2", "amd64", "Multi-Arch: same\n"));
  WriteFile(dir.Sub("updates/0000"), Stanza("aaa", "install ok installed", "1.1", "amd64"));
  WriteFile(dir.Sub("updates/0001"), Stanza("bbb", "deinstall ok config-files", "2.0", "all"));
  WriteFile(dir.Sub("updates/0002"), Stanza("ccc", "install ok installed", "0:3", "i386"));
  WriteFile(dir.Sub("updates/tmp.i"), "not a journal file: ignored, as dpkg ignores it");
  const auto query = mig::test::RunShell(
      "dpkg-query --admindir=" + dir.path() +
      " -W -f='${db:Status-Abbrev} ${binary:Package} ${Version} ${Architecture}\\n' 2>/dev/null");
  ASSERT_EQ(query.exit_code, 0) << query.output;
  std::vector<std::string> expected;
  std::istringstream lines(query.output);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("ii ", 0) == 0) expected.push_back(line.substr(4));  // "ii " and the separator
  ASSERT_EQ(expected.size(), 4u) << query.output;

  const Inventory inventory = ReadInventory({dir.Sub("status"), dir.Sub("no-rpm")});
  EXPECT_TRUE(inventory.problems.empty()) << inventory.problems.front();
  auto got = Names(inventory.packages);
  std::sort(got.begin(), got.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(got, expected);

  // A bad journal file refuses the whole database, as dpkg does.
  WriteFile(dir.Sub("updates/0003"), "Package: ddd\ngarbage\n");
  const Inventory refused = ReadInventory({dir.Sub("status"), dir.Sub("no-rpm")});
  EXPECT_TRUE(refused.packages.empty());
  ASSERT_EQ(refused.problems.size(), 1u);
  EXPECT_NE(refused.problems[0].find(dir.Sub("updates/0003") + ": line 2: "), std::string::npos)
      << refused.problems[0];
}

TEST(DpkgStatusFile, BuildArchitectureIsKnown) {
  EXPECT_FALSE(BuildDebianArchitecture().empty());
}

}  // namespace
}  // namespace mig::modules::pkg
