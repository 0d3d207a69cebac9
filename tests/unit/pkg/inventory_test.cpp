// The package inventory against the real tools: this machine's dpkg database
// read as dpkg-query reads it, and an RPM database made here with rpmbuild and
// rpm read as `rpm -qa` reads it.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "modules/pkg/engine/inventory.h"
#include "modules/pkg/engine/rpm_database.h"
#include "rpm_fixture.h"
#include "test_env.h"

namespace mig::modules::pkg {
namespace {

using mig::test::RunShell;
using mig::test::TempDir;
using mig::test::WriteFile;

std::vector<std::string> AsLines(const std::vector<InstalledPackage>& packages,
                                 const std::string& type) {
  std::vector<std::string> lines;
  for (const auto& p : packages) {
    EXPECT_EQ(p.type, type) << p.name;
    lines.push_back(p.name + " " + p.version + " " + p.arch);
  }
  return lines;
}

TEST(PkgInventory, DpkgDatabaseOfThisMachineIsWhatDpkgQueryLists) {
  const auto query = RunShell(
      "dpkg-query -W -f='${db:Status-Abbrev} ${binary:Package} ${Version} ${Architecture}\\n'");
  ASSERT_EQ(query.exit_code, 0) << query.output;
  std::vector<std::string> expected;
  for (const auto& line : SplitLines(query.output))
    if (line.rfind("ii ", 0) == 0) expected.push_back(line.substr(4));  // "ii " and the separator
  ASSERT_GT(expected.size(), 50u) << "this test needs a Debian machine's dpkg database";

  InventorySources sources;
  sources.rpm_dbpath = "/nonexistent-rpm-db";
  const Inventory inventory = ReadInventory(sources);
  EXPECT_TRUE(inventory.problems.empty()) << inventory.problems.front();
  EXPECT_EQ(AsLines(inventory.packages, "dpkg"), expected);
}

TEST(PkgInventory, MissingSourcesContributeNothingAndNoProblem) {
  TempDir dir("mig-pkg");
  const Inventory inventory = ReadInventory({dir.Sub("no-status"), dir.Sub("no-rpmdb")});
  EXPECT_TRUE(inventory.packages.empty());
  EXPECT_TRUE(inventory.problems.empty());
}

class RpmDatabase : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!RpmSupportBuiltIn()) GTEST_SKIP() << "built without librpm";
    ASSERT_TRUE(rpm_.error().empty()) << rpm_.error() << " (scripts/bootstrap installs rpm)";
    db_ = rpm_.dbpath();
  }

  std::vector<std::string> RpmQa() { return rpm_.RpmQa(); }
  std::string Sub(const std::string& name) { return rpm_.dir().Sub(name); }

  // Every file of the database directory with its size, mtime and bytes.
  std::map<std::string, std::string> Snapshot() {
    std::map<std::string, std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(db_)) {
      struct stat st {};
      ::lstat(e.path().c_str(), &st);
      std::ifstream in(e.path(), std::ios::binary);
      std::ostringstream bytes;
      bytes << in.rdbuf();
      files[e.path().filename()] = std::to_string(st.st_size) + "/" +
                                   std::to_string(st.st_mtim.tv_sec) + "." +
                                   std::to_string(st.st_mtim.tv_nsec) + "/" + bytes.str();
    }
    return files;
  }

  Inventory ReadRpmOnly() { return ReadInventory({Sub("no-dpkg-status"), db_}); }

  RpmTestDatabase rpm_;
  std::string db_;
};

TEST_F(RpmDatabase, IsReadAsRpmQaPrintsIt) {
  const auto expected = RpmQa();
  ASSERT_EQ(expected.size(), 4u);
  const Inventory inventory = ReadRpmOnly();
  EXPECT_TRUE(inventory.problems.empty()) << inventory.problems.front();
  EXPECT_EQ(AsLines(inventory.packages, "rpm"), expected);
  // The epoch appears only when set, as %{EVR} prints it.
  EXPECT_NE(std::find(expected.begin(), expected.end(), "migtest-alpha 1.2.3-4 noarch"),
            expected.end());
  EXPECT_NE(std::find(expected.begin(), expected.end(), "migtest-beta 7:1.0-1.el9 x86_64"),
            expected.end());
}

TEST_F(RpmDatabase, ComesBeforeDpkgEntries) {
  const std::string status = Sub("status");
  WriteFile(status,
            "Package: zzz\nStatus: install ok installed\nVersion: 1.0\nArchitecture: all\n");
  const Inventory inventory = ReadInventory({status, db_});
  ASSERT_EQ(inventory.packages.size(), 5u);
  EXPECT_EQ(inventory.packages.front().type, "rpm");
  EXPECT_EQ(inventory.packages.back().type, "dpkg");
  EXPECT_EQ(inventory.packages.back().name, "zzz");
}

TEST_F(RpmDatabase, ReadingWritesNothing) {
  const auto before = Snapshot();
  ASSERT_NE(before.count("rpmdb.sqlite"), 0u);
  ReadRpmOnly();
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(RpmDatabase, ReadingWithoutWalFilesCreatesNone) {
  // A database whose -wal and -shm are gone (a clean shutdown, a copy).
  std::filesystem::remove(db_ + "/rpmdb.sqlite-wal");
  std::filesystem::remove(db_ + "/rpmdb.sqlite-shm");
  std::filesystem::remove(db_ + "/.rpm.lock");
  const auto before = Snapshot();
  const Inventory inventory = ReadRpmOnly();
  EXPECT_EQ(inventory.packages.size(), 4u);
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(RpmDatabase, AnEmptyDirectoryIsNoDatabaseAndGetsNoFile) {
  const std::string empty = Sub("empty");
  std::filesystem::create_directory(empty);
  const Inventory inventory = ReadInventory({Sub("no-dpkg-status"), empty});
  EXPECT_TRUE(inventory.packages.empty());
  EXPECT_TRUE(inventory.problems.empty());
  EXPECT_TRUE(std::filesystem::is_empty(empty));
}

TEST_F(RpmDatabase, GarbageInTheSqliteFileIsAProblemNotACrash) {
  const std::string path = db_ + "/rpmdb.sqlite";
  std::string bytes = mig::test::ReadFile(path);
  ASSERT_GT(bytes.size(), 8192u);
  // Everything after the sqlite header page: the schema and the tables.
  for (std::size_t i = 100; i < bytes.size(); ++i)
    bytes[i] = static_cast<char>((i * 2654435761u) >> 13);
  WriteFile(path, bytes);
  std::filesystem::remove(db_ + "/rpmdb.sqlite-wal");
  std::filesystem::remove(db_ + "/rpmdb.sqlite-shm");
  const Inventory inventory = ReadRpmOnly();
  EXPECT_TRUE(inventory.packages.empty());
  ASSERT_EQ(inventory.problems.size(), 1u);
  EXPECT_NE(inventory.problems[0].find("RPM database " + db_), std::string::npos)
      << inventory.problems[0];
}

// What the process writes to its stdout and stderr while fn runs.
template <typename Fn>
std::string Printed(Fn fn) {
  TempDir dir("mig-pkg-out");
  const std::string path = dir.Sub("out");
  std::fflush(stdout);
  std::fflush(stderr);
  const int saved_out = ::dup(1), saved_err = ::dup(2);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ::dup2(fd, 1);
  ::dup2(fd, 2);
  ::close(fd);
  fn();
  std::fflush(stdout);
  std::fflush(stderr);
  ::dup2(saved_out, 1);
  ::dup2(saved_err, 2);
  ::close(saved_out);
  ::close(saved_err);
  return mig::test::ReadFile(path);
}

TEST_F(RpmDatabase, LibrpmPrintsNothingEvenOnACorruptDatabase) {
  WriteFile(db_ + "/rpmdb.sqlite",
            "SQLite format 3" + std::string(1, '\0') + std::string(8000, 'q'));
  std::filesystem::remove(db_ + "/rpmdb.sqlite-wal");
  std::filesystem::remove(db_ + "/rpmdb.sqlite-shm");
  Inventory inventory;
  EXPECT_EQ(Printed([&] { inventory = ReadRpmOnly(); }), "");
  EXPECT_EQ(inventory.problems.size(), 1u);
}

TEST_F(RpmDatabase, ATransactionLeftInTheWalIsAProblemNotAPartialList) {
  WriteFile(db_ + "/rpmdb.sqlite-wal", std::string(4096, 'w'));
  const Inventory inventory = ReadRpmOnly();
  EXPECT_TRUE(inventory.packages.empty());
  ASSERT_EQ(inventory.problems.size(), 1u);
  EXPECT_NE(inventory.problems[0].find("rpmdb.sqlite-wal holds 4096 bytes"), std::string::npos)
      << inventory.problems[0];
}

TEST_F(RpmDatabase, AHugeVersionIsAProblemNotAnEntry) {
  rpm_.AddPackage("migtest-long", "1." + std::string(5000, '9'));
  ASSERT_TRUE(rpm_.error().empty()) << rpm_.error();
  ASSERT_EQ(RpmQa().size(), 5u);  // rpm itself lists it
  const Inventory inventory = ReadRpmOnly();
  EXPECT_TRUE(inventory.packages.empty());
  ASSERT_EQ(inventory.problems.size(), 1u);
  EXPECT_NE(inventory.problems[0].find("longer than 4096 bytes"), std::string::npos)
      << inventory.problems[0];
}

TEST_F(RpmDatabase, AFileThatIsNotSqliteAtAllIsAProblem) {
  std::filesystem::remove(db_ + "/rpmdb.sqlite-wal");
  std::filesystem::remove(db_ + "/rpmdb.sqlite-shm");
  WriteFile(db_ + "/rpmdb.sqlite", std::string(4096, '\x5a'));
  const Inventory inventory = ReadRpmOnly();
  EXPECT_TRUE(inventory.packages.empty());
  EXPECT_EQ(inventory.problems.size(), 1u);
}

TEST_F(RpmDatabase, ADirectoryInPlaceOfTheDatabaseFileIsAProblem) {
  std::filesystem::remove(db_ + "/rpmdb.sqlite");
  std::filesystem::create_directory(db_ + "/rpmdb.sqlite");
  const Inventory inventory = ReadRpmOnly();
  EXPECT_TRUE(inventory.packages.empty());
  ASSERT_EQ(inventory.problems.size(), 1u);
  EXPECT_NE(inventory.problems[0].find("not a regular file"), std::string::npos);
}

}  // namespace
}  // namespace mig::modules::pkg
