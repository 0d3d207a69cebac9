// The module posture table (modules/posture.h), the child's --sandbox
// argument and the agent's [sandbox] section.
#include <linux/capability.h>
#include <linux/netlink.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include <gtest/gtest.h>

#include "agent/config.h"
#include "agent/sandbox.h"
#include "agent/seccomp_filter.h"
#include "modules/posture.h"
#include "modules/registry.h"

namespace mig::agent {
namespace {

using modules::PostureFor;
using modules::SignalScope;
using modules::SyscallProfile;

TEST(ModulePosture, EveryRegisteredModuleHasAnEntry) {
  for (const auto& name : modules::ModuleNames()) {
    bool found = false;
    for (const auto& p : modules::PostureTable())
      found = found || p.module == name;
    EXPECT_TRUE(found) << name << " has no posture in modules/posture.cpp";
  }
}

TEST(ModulePosture, EachModuleKeepsOnlyWhatItNeeds) {
  EXPECT_EQ(PostureFor("file").capabilities, std::vector<int>{CAP_DAC_READ_SEARCH});
  EXPECT_EQ(PostureFor("file").profile, SyscallProfile::kLocal);
  // scribe reads files and package databases, nothing more: no socket.
  EXPECT_EQ(PostureFor("scribe").capabilities, std::vector<int>{CAP_DAC_READ_SEARCH});
  EXPECT_EQ(PostureFor("scribe").profile, SyscallProfile::kLocal);
  EXPECT_EQ(PostureFor("memory").capabilities,
            (std::vector<int>{CAP_DAC_READ_SEARCH, CAP_SYS_PTRACE}));
  EXPECT_EQ(PostureFor("memory").profile, SyscallProfile::kLocal);
  EXPECT_EQ(PostureFor("netstat").profile, SyscallProfile::kNetlink);
  EXPECT_EQ(PostureFor("ping").capabilities, std::vector<int>{CAP_NET_RAW});
  EXPECT_EQ(PostureFor("ping").profile, SyscallProfile::kNetwork);
  EXPECT_TRUE(PostureFor("timedrift").capabilities.empty());
  // Package databases are world-readable: nothing kept, no socket.
  EXPECT_TRUE(PostureFor("pkg").capabilities.empty());
  EXPECT_EQ(PostureFor("pkg").profile, SyscallProfile::kLocal);
  // The respond module that signals processes: CAP_KILL, and reading any
  // /proc/PID/exe to select them; no socket.
  EXPECT_EQ(PostureFor("process").capabilities,
            (std::vector<int>{CAP_DAC_READ_SEARCH, CAP_KILL, CAP_SYS_PTRACE}));
  EXPECT_EQ(PostureFor("process").profile, SyscallProfile::kLocal);
  EXPECT_EQ(PostureFor("process").signals, SignalScope::kAny);
  // The respond module that changes nftables: CAP_NET_ADMIN, and no socket
  // but NETLINK_NETFILTER.
  EXPECT_EQ(PostureFor("firewall").capabilities, std::vector<int>{CAP_NET_ADMIN});
  EXPECT_EQ(PostureFor("firewall").profile, SyscallProfile::kNetfilter);
  EXPECT_EQ(PostureFor("firewall").signals, SignalScope::kSelf);
  // The respond module that locks accounts: replaces /etc/shadow and
  // /etc/passwd with their owner and mode, moves keys files, kills the
  // user's processes (pidfds: scope any); no socket.
  EXPECT_EQ(PostureFor("account").capabilities,
            (std::vector<int>{CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FOWNER, CAP_KILL}));
  EXPECT_EQ(PostureFor("account").profile, SyscallProfile::kReplaceFiles);
  EXPECT_EQ(PostureFor("account").signals, SignalScope::kAny);
  // Nothing that changes the system or escapes the sandbox, for any
  // investigation module: only a respond module may keep a capability that
  // changes something, replace files, use netfilter or signal others.
  for (const auto& p : modules::PostureTable()) {
    auto module = modules::CreateModule(p.module);
    ASSERT_NE(module, nullptr) << p.module << " is in the posture table but not registered";
    if (module->Kind() == modules::ModuleKind::kRespond) continue;
    EXPECT_NE(p.profile, SyscallProfile::kReplaceFiles) << p.module;
    EXPECT_NE(p.profile, SyscallProfile::kNetfilter) << p.module;
    EXPECT_EQ(p.signals, SignalScope::kSelf) << p.module;
    for (int cap : p.capabilities) {
      EXPECT_TRUE(cap == CAP_DAC_READ_SEARCH || cap == CAP_SYS_PTRACE || cap == CAP_NET_RAW)
          << p.module << " keeps " << modules::CapabilityName(cap);
    }
  }
}

// The netfilter profile's only socket: a child that installed it tries each
// and reports which it got (bit set: refused with EACCES).
TEST(SeccompNetfilterProfile, AllowsNetlinkNetfilterSocketsOnly) {
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) _exit(100);
    if (!InstallSeccompFilter(SyscallProfile::kNetfilter).ok()) _exit(101);
    const int tries[][3] = {{AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER},
                            {AF_NETLINK, SOCK_RAW, NETLINK_ROUTE},
                            {AF_NETLINK, SOCK_RAW, NETLINK_SOCK_DIAG},
                            {AF_INET, SOCK_STREAM, 0},
                            {AF_INET6, SOCK_DGRAM, 0},
                            {AF_UNIX, SOCK_STREAM, 0},
                            {AF_PACKET, SOCK_RAW, 0}};
    int refused = 0;
    for (int i = 0; i < 7; ++i) {
      const int fd = socket(tries[i][0], tries[i][1], tries[i][2]);
      if (fd < 0 && errno == EACCES) refused |= 1 << i;
      if (fd >= 0) close(fd);
    }
    _exit(refused);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 0b1111110) << "bit 0 is NETLINK_NETFILTER, which must work";
}

TEST(ModulePosture, UnknownModulesGetNothing) {
  EXPECT_TRUE(PostureFor("nosuchmodule").capabilities.empty());
  EXPECT_EQ(PostureFor("nosuchmodule").profile, SyscallProfile::kLocal);
  EXPECT_TRUE(PostureFor("File").capabilities.empty());  // names are case-sensitive
}

TEST(SandboxArgument, RoundTrips) {
  SandboxConfig c;
  c.uid = 1234;
  c.gid = 99;
  c.max_memory_mib = 0;
  c.max_cpu_seconds = 7;
  c.max_open_files = 64;
  EXPECT_EQ(SandboxArgument(c), "uid=1234,gid=99,memory=0,cpu=7,files=64");
  auto back = ParseSandboxArgument(SandboxArgument(c));
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(back->uid, 1234u);
  EXPECT_EQ(back->gid, 99u);
  EXPECT_EQ(back->max_memory_mib, 0u);
  EXPECT_EQ(back->max_cpu_seconds, 7u);
  EXPECT_EQ(back->max_open_files, 64u);
  for (const char* bad : {"uid=-1", "uid=x", "files=3", "color=1", "uid", "uid=4294967296"})
    EXPECT_FALSE(ParseSandboxArgument(bad).ok()) << bad;
}

TEST(SandboxConfigSection, DefaultsAndOverrides) {
  auto base = ApplyConfigFile(AgentConfig{}, *ConfigFile::Parse("", "t"));
  ASSERT_TRUE(base.ok());
  EXPECT_TRUE(base->sandbox.enabled);
  EXPECT_EQ(base->sandbox.uid, 65534u);
  EXPECT_EQ(base->sandbox.max_memory_mib, 2048u);
  auto file = ConfigFile::Parse(
      "[sandbox]\n enabled = off\n uid = 1000\n gid = 1001\n memorymib = 0\n cpuseconds = 30\n"
      " openfiles = 256\n",
      "t");
  ASSERT_TRUE(file.ok());
  auto c = ApplyConfigFile(AgentConfig{}, *file);
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_FALSE(c->sandbox.enabled);
  EXPECT_EQ(c->sandbox.uid, 1000u);
  EXPECT_EQ(c->sandbox.gid, 1001u);
  EXPECT_EQ(c->sandbox.max_memory_mib, 0u);
  EXPECT_EQ(c->sandbox.max_cpu_seconds, 30u);
  EXPECT_EQ(c->sandbox.max_open_files, 256u);
  EXPECT_NE(DescribeConfig(*c).find("the sandbox is DISABLED"), std::string::npos);
  for (const char* bad : {"[sandbox]\n openfiles = 3\n", "[sandbox]\n uid = -5\n",
                          "[sandbox]\n memorymib = lots\n", "[sandbox]\n user = nobody\n"}) {
    auto f = ConfigFile::Parse(bad, "t");
    ASSERT_TRUE(f.ok());
    EXPECT_FALSE(ApplyConfigFile(AgentConfig{}, *f).ok()) << bad;
  }
}

}  // namespace
}  // namespace mig::agent
