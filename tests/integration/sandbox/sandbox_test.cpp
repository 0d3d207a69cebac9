// Finding 9 of issue 13, replayed against real processes: a private RabbitMQ,
// mig-scheduler, and real agents (mig-agent-probe: mig-agent plus the
// test-only module "sandboxprobe") running real modules from signed actions.
// A module child must run as nobody with only its own capabilities,
// no-new-privileges and seccomp, and be killed (a failed command, the agent
// unharmed) when it tries exec, fork, ptrace, writing, or exceeds its limits.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <set>

#include <gtest/gtest.h>

#include "core/documents_json.h"
#include "modules/registry.h"
#include "stack.h"

namespace mig::test {
namespace {

const std::string kProbeAgent = MIG_PROBE_AGENT;
// Something only this test process holds in memory, for the memory module.
volatile const char kMarker[] = "mig-sandbox-memory-marker-5e1f0c";

constexpr int kMemoryMib = 512;

bool IsRoot() {
  return geteuid() == 0;
}

#define REQUIRE_ROOT()                                                                       \
  if (!IsRoot())                                                                             \
  GTEST_SKIP() << "needs root (the agent drops to uid 65534 and keeps capabilities only as " \
                  "root); CI runs as root"

class Sandbox : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_NE(SharedPlatform::Get().relay, nullptr);
    stack_ = new Stack("sqlite");
    const std::string fp = SharedPlatform::Get().fingerprint;
    // Every module allowed: netstat's usual extra weight is not the point here.
    stack_->SetAgentAcl(R"({"default":{"minimumweight":1,"investigators":{"e2e":{"fingerprint":")" +
                        fp + R"(","weight":1}}}})");
    stack_->SetAgentBinary(kProbeAgent);
    stack_->StartScheduler();
    stack_->StartAgent("", "    tags = \"box:on\"\n[sandbox]\n    memorymib = " +
                               std::to_string(kMemoryMib) + "\n    cpuseconds = 3\n");
    stack_->StartAgent("", "    tags = \"box:off\"\n[sandbox]\n    enabled = off\n");
    ASSERT_TRUE(stack_->WaitForAgents(2));
  }
  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
  }

  // Runs one operation on the agent tagged box:<box>; returns its command.
  static Command Run(const std::string& module, const Json& params, const std::string& box = "on") {
    Id id = stack_->Submit(stack_->MakeAction("tags->>'box' = '" + box + "'", {{module, params}}));
    stack_->WaitForAction(id, {"completed"}, 90);
    auto commands = stack_->Commands(id);
    if (commands.size() != 1) {
      ADD_FAILURE() << commands.size() << " commands for action " << id << "\n" << stack_->Logs();
      return Command{};
    }
    return commands[0];
  }
  static Json Args(const std::string& module, const std::vector<std::string>& args) {
    auto p = modules::CreateModule(module)->ParametersFromArgs(args);
    EXPECT_TRUE(p.ok()) << p.error();
    return p.ok() ? *p : Json::object();
  }
  static Json Probe(const std::string& what) { return Json{{"try", what}}; }
  static std::string Error(const Command& c) {
    return c.results.empty() || c.results[0].errors.empty() ? "" : c.results[0].errors[0];
  }

  static Stack* stack_;
};

Stack* Sandbox::stack_ = nullptr;

TEST_F(Sandbox, ChildRunsAsNobodyWithNoCapabilityNoNewPrivsAndSeccomp) {
  REQUIRE_ROOT();
  const Command c = Run("sandboxprobe", Probe("status"));
  ASSERT_EQ(c.status, "success") << WriteCommand(c);
  const OrderedJson& s = c.results[0].elements;
  EXPECT_EQ(s["Uid"], "65534\t65534\t65534\t65534");
  EXPECT_EQ(s["Gid"], "65534\t65534\t65534\t65534");
  EXPECT_EQ(s["Groups"], "");
  for (const char* set : {"CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"})
    EXPECT_EQ(s[set], "0000000000000000") << set;
  EXPECT_EQ(s["NoNewPrivs"], "1");
  EXPECT_EQ(s["Seccomp"], "2");
  // Only the pipes and /dev/null, plus the one listing /proc/self/fd:
  // not the agent's relay socket nor its journal.
  std::set<std::string> fds(s["fds"].begin(), s["fds"].end());
  EXPECT_TRUE(fds.count("0") && fds.count("1") && fds.count("2"));
  EXPECT_LE(fds.size(), 4u) << s["fds"].dump();
}

TEST_F(Sandbox, FileModuleSeesItsOwnStatusWithOnlyDacReadSearch) {
  REQUIRE_ROOT();
  // The real file module reads its own /proc/self/status: every line must match.
  const Json params = Json::parse(R"({"searches":{"s":{"paths":["/proc/self/status"],
      "contents":["^NoNewPrivs:\\s+1$","^Seccomp:\\s+2$","^CapEff:\\s+0000000000000004$",
                  "^CapBnd:\\s+0000000000000004$","^Uid:\\s+65534\\s+65534\\s+65534\\s+65534$"],
      "options":{"matchall":true}}}})");
  const Command c = Run("file", params);
  ASSERT_EQ(c.status, "success") << WriteCommand(c);
  EXPECT_TRUE(c.results[0].found_anything) << WriteCommand(c);
}

TEST_F(Sandbox, ForbiddenSystemCallsKillTheModule) {
  // The test's own file: a module must not remove it nor create another.
  TempDir tmp;
  const std::string victim = tmp.Sub("victim");
  WriteFile(victim, "x");
  std::filesystem::permissions(tmp.path(), std::filesystem::perms::all);
  const std::string created = tmp.Sub("created");
  for (const auto& [what, path] :
       std::vector<std::pair<std::string, std::string>>{{"exec", ""},
                                                        {"fork", ""},
                                                        {"ptrace", ""},
                                                        {"setuid", ""},
                                                        {"write", created},
                                                        {"unlink", victim}}) {
    Json p = Probe(what);
    if (!path.empty()) p["path"] = path;
    const Command c = Run("sandboxprobe", p);
    EXPECT_EQ(c.status, "failed") << what << ": " << WriteCommand(c);
    EXPECT_NE(Error(c).find("killed by the sandbox: forbidden system call"), std::string::npos)
        << what << ": " << WriteCommand(c);
  }
  EXPECT_TRUE(std::filesystem::exists(victim));
  EXPECT_FALSE(std::filesystem::exists(created));
  EXPECT_TRUE(stack_->agent(0).running());
}

TEST_F(Sandbox, SocketsAreRefusedToModulesWithoutNetwork) {
  const Command c = Run("sandboxprobe", Probe("socket"));
  ASSERT_EQ(c.status, "success") << WriteCommand(c);
  EXPECT_FALSE(c.results[0].found_anything) << WriteCommand(c);
  EXPECT_EQ(c.results[0].elements["errno"], EACCES);
}

TEST_F(Sandbox, MemoryLimitFailsTheCommandAndTheAgentGoesOn) {
#if defined(MIG_SANITIZE)
  GTEST_SKIP() << "no RLIMIT_AS in a sanitizer build (AddressSanitizer needs the address space)";
#endif
  const Command c = Run("sandboxprobe", Probe("memory"));
  EXPECT_EQ(c.status, "failed") << WriteCommand(c);
  EXPECT_NE(Error(c).find("exceeded its memory limit (512 MiB"), std::string::npos)
      << WriteCommand(c);
  EXPECT_TRUE(stack_->agent(0).running());
  EXPECT_EQ(Run("sandboxprobe", Probe("status")).status, "success");
}

TEST_F(Sandbox, CpuLimitFailsTheCommandAndTheAgentGoesOn) {
  const Command c = Run("sandboxprobe", Probe("cpu"));
  EXPECT_EQ(c.status, "failed") << WriteCommand(c);
  EXPECT_NE(Error(c).find("CPU limit 3 s"), std::string::npos) << WriteCommand(c);
  EXPECT_TRUE(stack_->agent(0).running());
  EXPECT_EQ(Run("sandboxprobe", Probe("status")).status, "success");
}

// A TCP listener on loopback, for netstat to find.
class Listener {
 public:
  Listener() {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    listen(fd_, 1);
    socklen_t len = sizeof a;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
  }
  ~Listener() { close(fd_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST_F(Sandbox, EveryModuleStillWorks) {
  REQUIRE_ROOT();
  {
    const Command c = Run("file", Args("file", {"-path", "/etc", "-name", "^shadow$", "-content",
                                                "^root:", "-maxdepth", "1"}));
    EXPECT_EQ(c.status, "success") << WriteCommand(c);
    EXPECT_TRUE(!c.results.empty() && c.results[0].found_anything) << "root-only /etc/shadow";
  }
  {
    Listener listener;
    const Command c = Run("netstat", Args("netstat", {"-lp", std::to_string(listener.port())}));
    EXPECT_EQ(c.status, "success") << WriteCommand(c);
    EXPECT_TRUE(!c.results.empty() && c.results[0].found_anything) << WriteCommand(c);
  }
  {
    const Command c = Run("ping", Args("ping", {"-d", "127.0.0.1", "-c", "1"}));
    EXPECT_EQ(c.status, "success") << WriteCommand(c);
    EXPECT_TRUE(!c.results.empty() && c.results[0].found_anything) << WriteCommand(c);
  }
  {
    // This test process is root's: reading its memory needs CAP_SYS_PTRACE.
    const std::string marker(const_cast<const char*>(kMarker));
    const Command c =
        Run("memory", Args("memory", {"-name", "integration_sandbox$", "-content", marker}));
    EXPECT_EQ(c.status, "success") << WriteCommand(c);
    EXPECT_TRUE(!c.results.empty() && c.results[0].found_anything) << WriteCommand(c);
  }
  {
    // dpkg's status file and librpm's configuration, read as nobody with no
    // capability; bash is installed on every Debian machine.
    const Command c = Run("pkg", Args("pkg", {"-name", "^bash$"}));
    EXPECT_EQ(c.status, "success") << WriteCommand(c);
    EXPECT_TRUE(!c.results.empty() && c.results[0].found_anything) << WriteCommand(c);
    EXPECT_TRUE(!c.results.empty() && c.results[0].errors.empty()) << WriteCommand(c);
  }
  {
    // No NTP server answers here: the module may fail, never by the sandbox.
    const Command c = Run("timedrift", Json::object());
    EXPECT_EQ(Error(c).find("sandbox"), std::string::npos) << WriteCommand(c);
    EXPECT_EQ(Error(c).find("signal"), std::string::npos) << WriteCommand(c);
  }
}

TEST_F(Sandbox, DisabledSandboxIsLoudAndConfinesNothing) {
  const Command c = Run("sandboxprobe", Probe("status"), "off");
  ASSERT_EQ(c.status, "success") << WriteCommand(c);
  EXPECT_EQ(c.results[0].elements["NoNewPrivs"], "0");
  EXPECT_EQ(c.results[0].elements["Seccomp"], "0");
  EXPECT_NE(stack_->agent(1).Log().find("the sandbox is DISABLED"), std::string::npos);
}

// Without root the child still confines itself (no-new-privileges, seccomp,
// limits) and the agent says what it could not do.
TEST(SandboxWithoutRoot, ChildConfinesItselfAndTheAgentSaysWhatItCannotDrop) {
  REQUIRE_ROOT();  // to become nobody
  const std::string as_nobody = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
  TempDir tmp;
  std::filesystem::permissions(tmp.path(), std::filesystem::perms::all);
  WriteFile(tmp.Sub("status"), R"({"class":"parameters","parameters":{"try":"status"}})");
  WriteFile(tmp.Sub("exec"), R"({"class":"parameters","parameters":{"try":"exec"}})");
  const std::string child = as_nobody + kProbeAgent +
                            " -m sandboxprobe --sandbox uid=65534,gid=65534,memory=512,cpu=5,"
                            "files=64 < ";
  auto out = RunShell(child + tmp.Sub("status"));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  const auto doc = Json::parse(out.output);
  EXPECT_EQ(doc["elements"]["NoNewPrivs"], "1");
  EXPECT_EQ(doc["elements"]["Seccomp"], "2");
  EXPECT_EQ(doc["elements"]["CapEff"], "0000000000000000");
  out = RunShell(child + tmp.Sub("exec") + "; echo exit=$?");
  EXPECT_NE(out.output.find("exit=159"), std::string::npos) << out.output;  // 128 + SIGSYS
  // -S with no configuration file (the built-in one), as uid 1 (daemon).
  out = RunShell("setpriv --reuid=1 --regid=1 --clear-groups " + kProbeAgent + " -S -c " +
                 tmp.Sub("none.cfg"));
  EXPECT_NE(
      out.output.find("; cannot change uid (no CAP_SETUID/CAP_SETGID): modules run as uid 1, not "
                      "65534"),
      std::string::npos)
      << out.output;
  EXPECT_NE(out.output.find("; cannot drop the capability bounding set"), std::string::npos);
}

}  // namespace
}  // namespace mig::test
