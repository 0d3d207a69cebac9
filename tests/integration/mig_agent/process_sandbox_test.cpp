// The process module as the agent runs it: a real `mig-agent -m process`
// child in the sandbox (uid 65534 keeping CAP_DAC_READ_SEARCH, CAP_KILL and
// CAP_SYS_PTRACE only, no-new-privileges, seccomp). This test is the agent:
// the child's parent, which the module must spare.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "agent/module_launcher.h"
#include "spawned_process.h"
#include "test_env.h"

namespace mig::agent {
namespace {

const std::string kAgent = test::BinaryDir() + "/apps/mig-agent/mig-agent";
constexpr int kOtherUid = 43219;  // no passwd entry: reported by number

class ProcessInSandbox : public ::testing::Test {
 protected:
  void SetUp() override {
#if defined(MIG_SANITIZE)
    GTEST_SKIP() << "the sandbox's limits and seccomp filter do not fit AddressSanitizer";
#endif
    if (geteuid() != 0) GTEST_SKIP() << "needs root: the agent's child drops to uid 65534";
    ASSERT_EQ(chmod(dir_.path().c_str(), 0755), 0);  // other users run the copy
    copy_ = dir_.Sub("migproc-box-" + std::to_string(getpid()));
    test::CopySleep(copy_);
  }
  OperationOutcome Launch(const Json& params) {
    ChildModuleLauncher launcher(kAgent, SandboxConfig{});
    return launcher.Launch("process", params, std::chrono::seconds(60));
  }
  test::TempDir dir_{"mig-process-box"};
  std::string copy_;
};

TEST_F(ProcessInSandbox, KillsAnotherUsersProcessThatIgnoresTerm) {
  test::SpawnedProcess p({"/bin/sh", "-c", "trap '' TERM; exec " + copy_ + " 100"}, kOtherUid,
                         copy_);
  ASSERT_TRUE(p.started());
  const OperationOutcome o = Launch({{"exe", copy_}, {"grace", "500ms"}});
  ASSERT_EQ(o.kind, OperationOutcome::Kind::kOk) << o.error;
  ASSERT_TRUE(o.result.success) << o.result.errors[0];
  const auto& list = o.result.elements["processes"];
  ASSERT_EQ(list.size(), 1u) << o.result.elements.dump();
  EXPECT_EQ(list[0]["pid"], p.pid());
  EXPECT_EQ(list[0]["uid"], kOtherUid);
  EXPECT_EQ(list[0]["user"], std::to_string(kOtherUid));
  EXPECT_EQ(list[0]["signals"], OrderedJson({"SIGTERM", "SIGKILL"}));
  EXPECT_EQ(list[0]["outcome"], "died");
  const int status = p.WaitExit(2000);
  ASSERT_TRUE(WIFSIGNALED(status)) << status;
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
}

TEST_F(ProcessInSandbox, StopsByHashAndSparesTheAgent) {
  test::SpawnedProcess p({copy_, "100"});
  ASSERT_TRUE(p.started());
  std::string hash;
  {
    auto sum = test::RunShell("sha256sum " + copy_);
    ASSERT_EQ(sum.exit_code, 0);
    hash = sum.output.substr(0, 64);
  }
  const OperationOutcome o = Launch({{"sha256", hash}, {"signal", "stop"}});
  ASSERT_EQ(o.kind, OperationOutcome::Kind::kOk) << o.error;
  const auto& list = o.result.elements["processes"];
  ASSERT_EQ(list.size(), 1u) << o.result.elements.dump();
  EXPECT_EQ(list[0]["outcome"], "stopped");
  EXPECT_EQ(p.State(), 'T');

  // This process started the child: it is the agent, never signalled.
  const OperationOutcome self = Launch({{"pid", getpid()}, {"signal", "kill"}});
  ASSERT_EQ(self.kind, OperationOutcome::Kind::kOk) << self.error;
  EXPECT_TRUE(self.result.success);
  EXPECT_FALSE(self.result.found_anything);
  ASSERT_EQ(self.result.elements["spared"].size(), 1u) << self.result.elements.dump();
  EXPECT_EQ(self.result.elements["spared"][0]["reason"], "the module's parent (the agent)");

  // And bad input comes back as the module's error, not as a dead child.
  const OperationOutcome bad = Launch({{"pid", 5}, {"signal", "hup"}});
  ASSERT_EQ(bad.kind, OperationOutcome::Kind::kOk) << bad.error;
  ASSERT_EQ(bad.result.errors.size(), 1u);
  EXPECT_EQ(bad.result.errors[0], "unknown signal 'hup': must be term, kill or stop");
}

}  // namespace
}  // namespace mig::agent
