// The real child the agent starts, `mig-agent -m pkg`, sandboxed as nobody
// with pkg's posture (no capability, seccomp: killed on exec, fork or any
// open for writing). It must read this machine's dpkg database, and an RPM
// database at /var/lib/rpm: a private mount namespace puts the test's
// database there (the host's /var/lib is not touched).
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>

#include "core/documents_json.h"
#include "modules/pkg/engine/rpm_database.h"
#include "rpm_fixture.h"
#include "test_env.h"

namespace mig::modules::pkg {
namespace {

using mig::test::RunShell;
using mig::test::TempDir;

const char kSandbox[] = " -m pkg --sandbox uid=65534,gid=65534,memory=1024,cpu=30,files=256 ";

ModuleResult ParseResult(const mig::test::CommandOutput& out) {
  EXPECT_EQ(out.exit_code, 0) << out.output;
  const Json doc = Json::parse(out.output, nullptr, false);
  if (doc.is_discarded()) {
    ADD_FAILURE() << "not JSON: " << out.output;
    return {};
  }
  auto result = ModuleResultFromJson(doc);
  if (!result.ok()) {
    ADD_FAILURE() << result.error() << ": " << out.output;
    return {};
  }
  return *result;
}

std::string Input(const TempDir& dir, const std::string& parameters) {
  const std::string path = dir.Sub("in");
  mig::test::WriteFile(path, R"({"class":"parameters","parameters":)" + parameters + "}\n");
  ::chmod(dir.path().c_str(), 0755);
  return path;
}

// The sandbox's limits and seccomp filter do not fit AddressSanitizer.
#if defined(MIG_SANITIZE)
#define SKIP_UNDER_SANITIZERS() GTEST_SKIP() << "the sandbox does not fit AddressSanitizer"
#else
#define SKIP_UNDER_SANITIZERS() \
  do {                          \
  } while (0)
#endif

TEST(PkgSandboxedChild, ReadsTheDpkgDatabaseAsNobody) {
  SKIP_UNDER_SANITIZERS();
  if (geteuid() != 0) GTEST_SKIP() << "needs root to become nobody";
  const auto expected = RunShell("dpkg-query -W -f='${Version} ${Architecture}' bash");
  ASSERT_EQ(expected.exit_code, 0) << expected.output;
  TempDir dir("mig-pkg-child");
  const ModuleResult r =
      ParseResult(RunShell(std::string(MIG_AGENT_BIN) + kSandbox + "< " +
                           Input(dir, R"({"pkgmatch":{"matches":["^bash$"]}})") + " 2>/dev/null"));
  ASSERT_TRUE(r.success) << r.errors.size();
  EXPECT_TRUE(r.errors.empty()) << r.errors.front();
  ASSERT_EQ(r.elements["packages"].size(), 1u) << r.elements.dump();
  const auto& p = r.elements["packages"][0];
  EXPECT_EQ(p["version"].get<std::string>() + " " + p["arch"].get<std::string>(), expected.output);
}

TEST(PkgSandboxedChild, ReadsAnRpmDatabaseAtVarLibRpmAndWritesNothing) {
  SKIP_UNDER_SANITIZERS();
  if (geteuid() != 0) GTEST_SKIP() << "needs root to become nobody and to mount";
  if (!RpmSupportBuiltIn()) GTEST_SKIP() << "built without librpm";
  RpmTestDatabase rpm;
  ASSERT_TRUE(rpm.error().empty()) << rpm.error();
  const auto expected = rpm.RpmQa();
  // As an RPM host leaves it: rpm's own -wal and -shm beside the database.
  const std::string list = "cd " + rpm.dbpath() + " && ls -lA --time-style=full-iso";
  const auto before = RunShell(list);
  ASSERT_NE(before.output.find("rpmdb.sqlite-shm"), std::string::npos) << before.output;
  TempDir dir("mig-pkg-child");
  const std::string varlib = dir.Sub("varlib"), real_dpkg = dir.Sub("dpkg");
  std::filesystem::create_directories(varlib);
  std::filesystem::create_directories(real_dpkg);
  const std::string script =
      "set -e; mount --make-rprivate /; mount --bind /var/lib/dpkg " + real_dpkg +
      "; mount -t tmpfs -o mode=0755 mig-varlib /var/lib; mkdir /var/lib/dpkg /var/lib/rpm; "
      "mount --bind " +
      real_dpkg + " /var/lib/dpkg; mount --bind " + rpm.dbpath() + " /var/lib/rpm; " +
      MIG_AGENT_BIN + kSandbox + "< " + Input(dir, R"({"pkgmatch":{"matches":["^migtest-"]}})") +
      " 2>/dev/null";
  const ModuleResult r = ParseResult(RunShell("unshare -m sh -c '" + script + "'"));
  ASSERT_TRUE(r.success);
  EXPECT_TRUE(r.errors.empty()) << r.errors.front();
  std::vector<std::string> got;
  for (const auto& p : r.elements["packages"]) {
    EXPECT_EQ(p["type"], "rpm");
    got.push_back(p["name"].get<std::string>() + " " + p["version"].get<std::string>() + " " +
                  p["arch"].get<std::string>());
  }
  EXPECT_EQ(got, expected);
  EXPECT_EQ(RunShell(list).output, before.output);
}

}  // namespace
}  // namespace mig::modules::pkg
