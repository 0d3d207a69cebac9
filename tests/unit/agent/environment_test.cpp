#include "agent/environment.h"

#include <gtest/gtest.h>

namespace mig::agent {
namespace {

TEST(Environment, InitSystemDetection) {
  EXPECT_EQ(InitSystemFromCmdline("/sbin/init splash ", "/lib/systemd/systemd"), "systemd");
  EXPECT_EQ(InitSystemFromCmdline("/lib/systemd/systemd --system ", ""), "systemd");
  EXPECT_EQ(InitSystemFromCmdline("init [2]  ", ""), "sysvinit");
  EXPECT_EQ(InitSystemFromCmdline("/sbin/init ", "/sbin/init"), "upstart");
  EXPECT_EQ(InitSystemFromCmdline("bash ", ""), "sysvinit");
}

TEST(Environment, IdentLooksLikeLsbRelease) {
  EXPECT_EQ(IdentFromOsRelease("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
                               "NAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\n"
                               "VERSION_CODENAME=bookworm\n"),
            "Debian 12 bookworm");
  EXPECT_EQ(IdentFromOsRelease("NAME=\"CentOS Linux\"\nVERSION_ID=\"7\"\n"), "CentOS 7");
  EXPECT_EQ(IdentFromOsRelease(""), "");
}

TEST(Environment, DetectsThisHost) {
  HostFacts facts = DetectHost({"file"});
  EXPECT_FALSE(facts.hostname.empty());
  EXPECT_EQ(facts.environment.os, "linux");
  EXPECT_FALSE(facts.environment.arch.empty());
  EXPECT_FALSE(facts.environment.ident.empty());
  EXPECT_EQ(facts.environment.modules, std::vector<std::string>{"file"});
  for (const auto& a : facts.environment.addresses) {
    EXPECT_NE(a, "127.0.0.1/8");
    EXPECT_NE(a.find('/'), std::string::npos) << a;
  }
}

TEST(Environment, ChangeDetection) {
  HostFacts a = DetectHost({});
  HostFacts b = a;
  EXPECT_FALSE(HostChanged(a, b));
  b.environment.addresses.push_back("10.1.2.3/24");
  EXPECT_TRUE(HostChanged(a, b));
  b = a;
  b.hostname += ".changed";
  EXPECT_TRUE(HostChanged(a, b));
}

}  // namespace
}  // namespace mig::agent
