#include "agent/child_process.h"

#include <signal.h>

#include <gtest/gtest.h>

namespace mig::agent {
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

TEST(RunChild, KillsOnTimeoutIncludingGrandchildren) {
  ChildLimits limits;
  limits.timeout = std::chrono::milliseconds(300);
  auto run = RunChild({"/bin/sh", "-c", "sleep 30 & sleep 30"}, "", limits);
  EXPECT_EQ(run.outcome, Outcome::kTimedOut);
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
}  // namespace mig::agent
