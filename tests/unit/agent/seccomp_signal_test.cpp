// The seccomp filter's signal scope (modules/posture.h SignalScope), on
// real processes: a forked child installs the filter and tries a signal
// call; it must die of SIGSYS when the call reaches another process, and
// live when it reaches only itself (what abort() and raise() do).
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <functional>

#include <gtest/gtest.h>

#include "agent/seccomp_filter.h"
#include "spawned_process.h"

namespace mig::agent {
namespace {

using modules::SignalScope;
using modules::SyscallProfile;

// How a child that installed the filter and then ran attempt ended: its
// wait status.
int StatusAfter(SignalScope scope, const std::function<void()>& attempt) {
  const pid_t child = fork();
  if (child == 0) {
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) _exit(100);
    if (!InstallSeccompFilter(SyscallProfile::kLocal, scope).ok()) _exit(101);
    attempt();
    _exit(0);
  }
  int status = 0;
  waitpid(child, &status, 0);
  return status;
}

bool KilledBySeccomp(int status) {
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS;
}
bool Lived(int status) {
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

class SeccompSignals : public ::testing::Test {
 protected:
  test::SpawnedProcess other_{
      {"/bin/sleep", "100"}, -1, std::filesystem::canonical("/bin/sleep").string()};
};

TEST_F(SeccompSignals, InvestigationModulesSignalOnlyThemselves) {
  ASSERT_GT(other_.pid(), 0);
  const pid_t target = other_.pid();
  // Signal 0 checks that the call is allowed without sending anything.
  EXPECT_TRUE(Lived(StatusAfter(SignalScope::kSelf, [] { kill(getpid(), 0); })));
  EXPECT_TRUE(Lived(StatusAfter(SignalScope::kSelf,
                                [] { syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), 0); })));
  const int aborted = StatusAfter(SignalScope::kSelf, [] {
    signal(SIGABRT, SIG_DFL);
    std::abort();
  });
  EXPECT_TRUE(WIFSIGNALED(aborted) && WTERMSIG(aborted) == SIGABRT) << aborted;

  const std::vector<std::pair<const char*, std::function<void()>>> others = {
      {"kill(other)", [target] { kill(target, 0); }},
      {"kill(0): the process group", [] { kill(0, 0); }},
      {"kill(-1): every process", [] { kill(-1, 0); }},
      {"tgkill(other)", [target] { syscall(SYS_tgkill, target, target, 0); }},
      {"tkill", [target] { syscall(SYS_tkill, target, 0); }},
      {"rt_sigqueueinfo(other)",
       [target] {
         siginfo_t info{};
         info.si_code = SI_QUEUE;
         syscall(SYS_rt_sigqueueinfo, target, 0, &info);
       }},
      {"pidfd_send_signal",
       [target] {
         const long fd = syscall(SYS_pidfd_open, target, 0);
         syscall(SYS_pidfd_send_signal, fd, 0, nullptr, 0);
       }},
  };
  for (const auto& [what, attempt] : others)
    EXPECT_TRUE(KilledBySeccomp(StatusAfter(SignalScope::kSelf, attempt))) << what;
  EXPECT_EQ(other_.State(), 'S');
}

TEST_F(SeccompSignals, TheProcessModuleSignalsOthers) {
  ASSERT_GT(other_.pid(), 0);
  const pid_t target = other_.pid();
  EXPECT_TRUE(Lived(StatusAfter(SignalScope::kAny, [target] { kill(target, 0); })));
  EXPECT_TRUE(Lived(StatusAfter(SignalScope::kAny, [target] {
    const long fd = syscall(SYS_pidfd_open, target, 0);
    if (fd < 0 || syscall(SYS_pidfd_send_signal, fd, 0, nullptr, 0) != 0) _exit(3);
  })));
}

}  // namespace
}  // namespace mig::agent
