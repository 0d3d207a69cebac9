// The module posture table (modules/posture.h), the child's --sandbox
// argument and the agent's [sandbox] section.
#include <linux/capability.h>

#include <gtest/gtest.h>

#include "agent/config.h"
#include "agent/sandbox.h"
#include "modules/posture.h"
#include "modules/registry.h"

namespace mig::agent {
namespace {

using modules::PostureFor;
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
  EXPECT_EQ(PostureFor("memory").capabilities,
            (std::vector<int>{CAP_DAC_READ_SEARCH, CAP_SYS_PTRACE}));
  EXPECT_EQ(PostureFor("memory").profile, SyscallProfile::kLocal);
  EXPECT_EQ(PostureFor("netstat").profile, SyscallProfile::kNetlink);
  EXPECT_EQ(PostureFor("ping").capabilities, std::vector<int>{CAP_NET_RAW});
  EXPECT_EQ(PostureFor("ping").profile, SyscallProfile::kNetwork);
  EXPECT_TRUE(PostureFor("timedrift").capabilities.empty());
  // The respond module that signals processes: CAP_KILL, and reading any
  // /proc/PID/exe to select them; no socket.
  EXPECT_EQ(PostureFor("process").capabilities,
            (std::vector<int>{CAP_DAC_READ_SEARCH, CAP_KILL, CAP_SYS_PTRACE}));
  EXPECT_EQ(PostureFor("process").profile, SyscallProfile::kLocal);
  // Nothing that changes the system or escapes the sandbox, for any module;
  // CAP_KILL for the process module only.
  for (const auto& p : modules::PostureTable()) {
    for (int cap : p.capabilities) {
      EXPECT_TRUE(cap == CAP_DAC_READ_SEARCH || cap == CAP_SYS_PTRACE || cap == CAP_NET_RAW ||
                  (cap == CAP_KILL && p.module == "process"))
          << p.module << " keeps " << modules::CapabilityName(cap);
    }
  }
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
