// packaging/install into a DESTDIR: the files land where the systemd units
// expect them, and bad arguments are refused with a clear message.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "test_env.h"

namespace mig::test {
namespace {

using ::testing::HasSubstr;

const std::string kInstall = mig::test::SourceDir() + "/packaging/install";
const std::string kAgent = mig::test::BinaryDir() + "/apps/mig-agent/mig-agent";

bool Executable(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 && (st.st_mode & S_IXUSR) != 0;
}

TEST(Install, AgentIsOneFileAndAUnit) {
  TempDir root("mig-install");
  WriteFile(root.Sub("agent.cfg"), "[agent]\n    relay = \"amqp://a:b@127.0.0.1:5672/mig\"\n");
  CommandOutput out = RunShell("DESTDIR=" + root.Sub("root") + " " + kInstall + " agent " + kAgent +
                               " " + root.Sub("agent.cfg") + " 2>&1");
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_TRUE(Executable(root.Sub("root/usr/local/sbin/mig-agent")));
  EXPECT_EQ(ReadFile(root.Sub("root/etc/mig/mig-agent.cfg")), ReadFile(root.Sub("agent.cfg")));
  const std::string unit = ReadFile(root.Sub("root/etc/systemd/system/mig-agent.service"));
  EXPECT_THAT(unit, HasSubstr("ExecStart=/usr/local/sbin/mig-agent -c /etc/mig/mig-agent.cfg\n"));
}

TEST(Install, ServerBinariesUnitsAndExamples) {
  TempDir root("mig-install");
  CommandOutput out = RunShell("DESTDIR=" + root.Sub("root") + " " + kInstall + " server " +
                               mig::test::BinaryDir() + " 2>&1");
  ASSERT_EQ(out.exit_code, 0) << out.output;
  for (const char* b : {"mig-api", "mig-scheduler", "mig-runner", "mig"})
    EXPECT_TRUE(Executable(root.Sub(std::string("root/usr/local/bin/") + b))) << b;
  EXPECT_THAT(ReadFile(root.Sub("root/etc/systemd/system/mig-api.service")),
              HasSubstr("ExecStart=/usr/local/bin/mig-api -c /etc/mig/api.cfg\n"));
  EXPECT_THAT(ReadFile(root.Sub("root/etc/systemd/system/mig-scheduler.service")),
              HasSubstr("ExecStart=/usr/local/bin/mig-scheduler -c /etc/mig/scheduler.cfg\n"));
  EXPECT_THAT(ReadFile(root.Sub("root/etc/systemd/system/mig-runner.service")),
              HasSubstr("ExecStart=/usr/local/bin/mig-runner -c /etc/mig/runner.cfg\n"));
  EXPECT_TRUE(std::filesystem::exists(root.Sub("root/usr/local/share/doc/mig/api.cfg.example")));
  EXPECT_TRUE(std::filesystem::exists(root.Sub("root/usr/local/share/doc/mig/runner.cfg.example")));
  EXPECT_TRUE(std::filesystem::exists(root.Sub("root/usr/local/share/doc/mig/runner.md")));
  // Without configuration the units are installed but not started.
  EXPECT_THAT(out.output, HasSubstr("write " + root.Sub("root") + "/etc/mig/api.cfg"));
}

TEST(Install, RefusesWhatCannotWork) {
  TempDir root("mig-install");
  const std::string env = "DESTDIR=" + root.Sub("root") + " ";
  CommandOutput none = RunShell(env + kInstall + " agent 2>&1");
  EXPECT_NE(none.exit_code, 0);
  EXPECT_THAT(none.output, HasSubstr("give the agent file"));
  CommandOutput missing = RunShell(env + kInstall + " agent /nonexistent/mig-agent 2>&1");
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_THAT(missing.output, HasSubstr("'/nonexistent/mig-agent' is not an executable file"));
  CommandOutput component = RunShell(env + kInstall + " database 2>&1");
  EXPECT_NE(component.exit_code, 0);
  EXPECT_THAT(component.output, HasSubstr("unknown component 'database'"));
  CommandOutput build = RunShell(env + kInstall + " server /nonexistent 2>&1");
  EXPECT_NE(build.exit_code, 0);
  EXPECT_THAT(build.output, HasSubstr("/nonexistent/apps/mig-api/mig-api is missing"));
}

}  // namespace
}  // namespace mig::test
