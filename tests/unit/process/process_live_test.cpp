// process against real processes: copies of sleep under a name only this
// test uses, signalled by the module run in this process (the test plays
// the agent: it is the module's process, its parent is the shell or ctest).
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "core/sha256.h"
#include "modules/registry.h"
#include "spawned_process.h"
#include "test_env.h"

namespace mig::modules {
namespace {

ModuleResult RunProcess(const Json& params) {
  return CreateModule("process")->Run(params);
}

std::string Sha256OfFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Sha256Hex(std::string((std::istreambuf_iterator<char>(in)), {}));
}

class ProcessLive : public ::testing::Test {
 protected:
  void SetUp() override {
    // Unique per run, so that a regex on it can only find this test's processes.
    name_ = "migproc-" + std::to_string(getpid()) + "-" +
            std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 100000);
    copy_ = dir_.Sub(name_);
    test::CopySleep(copy_);
  }
  // Entries of elements.processes (or spared) as pid -> entry.
  static std::map<int, OrderedJson> ByPid(const ModuleResult& r, const char* list = "processes") {
    std::map<int, OrderedJson> out;
    for (const auto& p : r.elements[list])
      out[p["pid"].get<int>()] = p;
    return out;
  }
  test::TempDir dir_{"mig-process"};
  std::string name_, copy_;
};

TEST_F(ProcessLive, TermKillsAProcess) {
  test::SpawnedProcess p({copy_, "100"});
  ASSERT_TRUE(p.started());
  const ModuleResult r = RunProcess({{"pid", p.pid()}});
  ASSERT_TRUE(r.success) << r.errors[0];
  EXPECT_TRUE(r.found_anything);
  auto got = ByPid(r);
  ASSERT_EQ(got.size(), 1u) << r.elements.dump();
  const OrderedJson& e = got[p.pid()];
  EXPECT_EQ(e["outcome"], "died");
  EXPECT_EQ(e["signals"], OrderedJson({"SIGTERM"}));
  EXPECT_EQ(e["exe"], copy_);
  EXPECT_EQ(e["user"], "root");
  // The command line's hash is that of /proc/PID/cmdline's bytes.
  EXPECT_EQ(e["cmdlinesha256"], Sha256Hex(copy_ + std::string(1, '\0') + "100" + '\0'));
  const int status = p.WaitExit(2000);
  ASSERT_TRUE(WIFSIGNALED(status)) << status;
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
  EXPECT_EQ(r.statistics["died"], 1);
}

TEST_F(ProcessLive, AProcessIgnoringTermIsKilledAfterTheGrace) {
  // exec: the shell becomes the sleeper, which inherits "TERM ignored"; no
  // grandchild is left behind.
  test::SpawnedProcess p({"/bin/sh", "-c", "trap '' TERM; exec " + copy_ + " 100"}, -1, copy_);
  ASSERT_TRUE(p.started());
  const auto start = std::chrono::steady_clock::now();
  const ModuleResult r = RunProcess({{"exe", copy_}, {"grace", "700ms"}});
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(r.success);
  auto got = ByPid(r);
  ASSERT_EQ(got.size(), 1u) << r.elements.dump();
  EXPECT_EQ(got[p.pid()]["signals"], OrderedJson({"SIGTERM", "SIGKILL"}));
  EXPECT_EQ(got[p.pid()]["outcome"], "died");
  EXPECT_GE(took, std::chrono::milliseconds(700));
  const int status = p.WaitExit(2000);
  ASSERT_TRUE(WIFSIGNALED(status)) << status;
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
}

TEST_F(ProcessLive, StopSuspendsAndTermStillEndsASuspendedProcess) {
  test::SpawnedProcess p({copy_, "100"});
  ASSERT_TRUE(p.started());
  const ModuleResult r = RunProcess({{"name", "^" + name_ + "$"}, {"signal", "stop"}});
  auto got = ByPid(r);
  ASSERT_EQ(got.size(), 1u) << r.elements.dump();
  EXPECT_EQ(got[p.pid()]["outcome"], "stopped");
  EXPECT_EQ(got[p.pid()]["signals"], OrderedJson({"SIGSTOP"}));
  EXPECT_EQ(p.State(), 'T');
  // Then term: SIGCONT after SIGTERM lets it act on the TERM, no grace spent.
  const auto start = std::chrono::steady_clock::now();
  const ModuleResult t = RunProcess({{"pid", p.pid()}});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
  EXPECT_EQ(ByPid(t)[p.pid()]["outcome"], "died") << t.elements.dump();
  const int status = p.WaitExit(2000);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
}

TEST_F(ProcessLive, KillAtOnce) {
  test::SpawnedProcess a({copy_, "100"}), b({copy_, "101"});
  ASSERT_TRUE(a.started() && b.started());
  const ModuleResult r = RunProcess({{"name", name_}, {"signal", "kill"}});
  auto got = ByPid(r);
  ASSERT_EQ(got.size(), 2u) << r.elements.dump();
  for (pid_t pid : {a.pid(), b.pid()}) {
    EXPECT_EQ(got[pid]["signals"], OrderedJson({"SIGKILL"}));
    EXPECT_EQ(got[pid]["outcome"], "died");
  }
  EXPECT_EQ(WTERMSIG(a.WaitExit(2000)), SIGKILL);
  EXPECT_EQ(WTERMSIG(b.WaitExit(2000)), SIGKILL);
}

TEST_F(ProcessLive, NameExeAndSha256SelectTheCopyOnly) {
  test::SpawnedProcess p({copy_, "100"});
  test::SpawnedProcess other({"/bin/sleep", "100"}, -1, std::filesystem::canonical("/bin/sleep"));
  ASSERT_TRUE(p.started() && other.started());
  for (const Json& sel : {Json{{"name", "^" + name_ + "$"}}, Json{{"exe", copy_}},
                          Json{{"sha256", Sha256OfFile(copy_)}}}) {
    Json params = sel;
    params["dryrun"] = true;
    const ModuleResult r = RunProcess(params);
    ASSERT_TRUE(r.success) << params.dump();
    auto got = ByPid(r);
    EXPECT_TRUE(got.count(p.pid())) << params.dump() << " " << r.elements.dump();
    EXPECT_FALSE(got.count(other.pid())) << params.dump();
  }
  // /bin/sleep's digest finds the original and not the copy (whose bytes differ).
  const ModuleResult same = RunProcess({{"sha256", Sha256OfFile("/bin/sleep")}, {"dryrun", true}});
  auto got = ByPid(same);
  EXPECT_TRUE(got.count(other.pid()) && !got.count(p.pid())) << same.elements.dump();
}

TEST_F(ProcessLive, ADeletedExecutableIsStillFound) {
  test::SpawnedProcess p({copy_, "100"});
  ASSERT_TRUE(p.started());
  const std::string hash = Sha256OfFile(copy_);
  std::filesystem::remove(copy_);
  for (const Json& sel : {Json{{"exe", copy_}}, Json{{"sha256", hash}}, Json{{"name", name_}}}) {
    Json params = sel;
    params["dryrun"] = true;
    const ModuleResult r = RunProcess(params);
    auto got = ByPid(r);
    ASSERT_TRUE(got.count(p.pid())) << params.dump() << " " << r.elements.dump();
    EXPECT_EQ(got[p.pid()]["exe"], copy_);
    EXPECT_EQ(got[p.pid()]["exedeleted"], true);
  }
}

TEST_F(ProcessLive, DryrunSignalsNothing) {
  test::SpawnedProcess p({copy_, "100"});
  ASSERT_TRUE(p.started());
  for (const char* signal : {"term", "kill", "stop"}) {
    const ModuleResult r = RunProcess({{"exe", copy_}, {"signal", signal}, {"dryrun", true}});
    ASSERT_TRUE(r.success);
    EXPECT_TRUE(r.found_anything);
    auto got = ByPid(r);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[p.pid()]["outcome"], "dryrun");
    EXPECT_EQ(r.statistics["signalled"], 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(p.State(), 'S') << signal;
    EXPECT_EQ(p.WaitExit(0), -1) << signal;  // still running
  }
}

TEST_F(ProcessLive, Pid1IsSpared) {
  const ModuleResult r = RunProcess({{"pid", 1}, {"signal", "kill"}});
  ASSERT_TRUE(r.success);
  EXPECT_FALSE(r.found_anything);
  EXPECT_TRUE(r.elements["processes"].empty());
  auto spared = ByPid(r, "spared");
  ASSERT_EQ(spared.size(), 1u);
  EXPECT_EQ(spared[1]["reason"], "PID 1 (init) is never signalled");
  EXPECT_TRUE(std::filesystem::exists("/proc/1"));
}

TEST_F(ProcessLive, TheModuleItselfAndItsAncestorsAreSpared) {
  const ModuleResult self = RunProcess({{"pid", getpid()}, {"signal", "kill"}});
  ASSERT_TRUE(self.success);
  EXPECT_EQ(ByPid(self, "spared")[getpid()]["reason"], "the module's own process");
  if (getppid() > 1) {
    const ModuleResult parent = RunProcess({{"pid", getppid()}, {"signal", "kill"}});
    EXPECT_EQ(ByPid(parent, "spared")[getppid()]["reason"], "the module's parent (the agent)");
    EXPECT_TRUE(parent.elements["processes"].empty());
  }
  // By name too: this test binary matches its own name and is spared (dry
  // run: ctest runs other tests of this binary at the same time).
  const std::string me = std::filesystem::read_symlink("/proc/self/exe").filename();
  const ModuleResult byname = RunProcess({{"name", "^" + me + "$"}, {"dryrun", true}});
  EXPECT_TRUE(ByPid(byname, "spared").count(getpid())) << byname.elements.dump();
  EXPECT_FALSE(ByPid(byname).count(getpid()));
}

TEST_F(ProcessLive, ASelectorMatchingNothingIsASuccess) {
  for (const Json& params :
       {Json{{"name", "^" + name_ + "-matches-nothing$"}}, Json{{"exe", copy_ + "-none"}},
        Json{{"sha256", std::string(64, '0')}}}) {
    const ModuleResult r = RunProcess(params);
    EXPECT_TRUE(r.success) << params.dump();
    EXPECT_FALSE(r.found_anything);
    EXPECT_TRUE(r.elements["processes"].empty());
    EXPECT_EQ(r.statistics["matched"], 0);
    const auto lines = CreateModule("process")->Print(r, false);
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines[0].rfind("no process matched ", 0), 0u) << lines[0];
  }
}

TEST_F(ProcessLive, APidThatDoesNotExistOrIsAThreadIsAnError) {
  pid_t gone = fork();
  if (gone == 0) _exit(0);
  waitpid(gone, nullptr, 0);
  const ModuleResult r = RunProcess({{"pid", gone}});
  EXPECT_FALSE(r.success);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0], "no process with pid " + std::to_string(gone));

  std::atomic<pid_t> tid{0};
  std::atomic<bool> done{false};
  std::thread t([&] {
    tid = static_cast<pid_t>(syscall(SYS_gettid));
    while (!done)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  });
  while (tid == 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const ModuleResult thread = RunProcess({{"pid", tid.load()}, {"signal", "kill"}});
  done = true;
  t.join();
  EXPECT_FALSE(thread.success);
  ASSERT_EQ(thread.errors.size(), 1u);
  EXPECT_EQ(thread.errors[0], "pid " + std::to_string(tid.load()) + " is a thread of process " +
                                  std::to_string(getpid()) + ": select the process");
}

}  // namespace
}  // namespace mig::modules
