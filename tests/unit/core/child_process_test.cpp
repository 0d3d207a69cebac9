#include "core/child_process.h"

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

namespace mig {
namespace {

using Outcome = ChildRun::Outcome;

TEST(RunChild, FeedsStdinAndCollectsStdout) {
  auto run = RunChild({"/bin/cat"}, "hello module", {});
  ASSERT_EQ(run.outcome, Outcome::kExited) << run.error;
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.output, "hello module");
}

TEST(RunChild, LargeInputAndOutputDoNotDeadlock) {
  std::string big(8u << 20, 'x');  // far larger than a pipe buffer
  auto run = RunChild({"/bin/cat"}, big, {});
  ASSERT_EQ(run.outcome, Outcome::kExited);
  EXPECT_EQ(run.output.size(), big.size());
}

TEST(RunChild, ReportsExitStatus) {
  auto run = RunChild({"/bin/sh", "-c", "echo out; echo err >&2; exit 3"}, "", {});
  ASSERT_EQ(run.outcome, Outcome::kExited);
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.output, "out\n");  // stderr discarded
}

// Alive: the process exists and is not a zombie waiting for its parent.
bool Alive(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  const auto paren = line.rfind(')');
  return paren != std::string::npos && paren + 2 < line.size() && line[paren + 2] != 'Z';
}

TEST(RunChild, KillsOnTimeoutIncludingGrandchildren) {
  char dir[] = "/tmp/mig-child-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string pidfile = std::string(dir) + "/grandchild.pid";
  ChildLimits limits;
  limits.timeout = std::chrono::milliseconds(300);
  auto run =
      RunChild({"/bin/sh", "-c", "sleep 30 & echo $! > " + pidfile + "; sleep 30"}, "", limits);
  EXPECT_EQ(run.outcome, Outcome::kTimedOut);
  std::ifstream in(pidfile);
  pid_t grandchild = 0;
  ASSERT_TRUE(in >> grandchild) << "the shell did not start its background sleep";
  bool alive = true;
  for (int i = 0; i < 200 && alive; ++i) {
    alive = Alive(grandchild);
    if (alive) usleep(10 * 1000);
  }
  EXPECT_FALSE(alive) << "grandchild " << grandchild << " outlived the timeout";
  if (alive) kill(grandchild, SIGKILL);
  std::filesystem::remove_all(dir);
}

TEST(RunChild, ReportsCrashSignal) {
  auto run = RunChild({"/bin/sh", "-c", "kill -SEGV $$"}, "", {});
  ASSERT_EQ(run.outcome, Outcome::kSignaled);
  EXPECT_EQ(run.signal, SIGSEGV);
}

TEST(RunChild, CapsOutput) {
  ChildLimits limits;
  limits.max_output_bytes = 1000;
  auto run = RunChild({"/bin/sh", "-c", "yes"}, "", limits);
  EXPECT_EQ(run.outcome, Outcome::kOutputTooLarge);
}

TEST(RunChild, MissingExecutableIsAnError) {
  auto run = RunChild({"/nonexistent/mig-agent", "-m", "file"}, "{}", {});
  EXPECT_EQ(run.outcome, Outcome::kSpawnFailed);
  EXPECT_NE(run.error.find("/nonexistent/mig-agent"), std::string::npos);
}

}  // namespace
}  // namespace mig
