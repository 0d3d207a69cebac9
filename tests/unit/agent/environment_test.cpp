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

// The daemon's refresh, with a detector the test controls (the daemon's
// reads the host and, with discoverpublicip, asks the API).
TEST(HostEnvironment, RefreshKeepsChangesWithTheirTime) {
  HostFacts host;
  host.hostname = "a.example.net";
  host.environment.os = "linux";
  host.environment.public_ip = "192.0.2.1";
  std::vector<std::string> seen_previous;
  HostEnvironment env(host, Time::FromUnix(1000), [&](const HostFacts& previous) {
    seen_previous.push_back(previous.environment.public_ip);
    return host;
  });
  EXPECT_EQ(env.Current().facts.hostname, "a.example.net");
  EXPECT_FALSE(env.Refresh());  // nothing changed: same refresh time
  EXPECT_EQ(env.Current().refresh_time.seconds, 1000);

  host.environment.public_ip = "192.0.2.2";
  const Time before = Time::Now();
  EXPECT_TRUE(env.Refresh());
  const auto now = env.Current();
  EXPECT_EQ(now.facts.environment.public_ip, "192.0.2.2");
  EXPECT_GE(now.refresh_time.seconds, before.seconds);
  EXPECT_EQ(seen_previous, (std::vector<std::string>{"192.0.2.1", "192.0.2.1"}));

  host.hostname = "b.example.net";
  EXPECT_TRUE(env.Refresh());
  EXPECT_EQ(env.Current().facts.hostname, "b.example.net");
  EXPECT_FALSE(env.Refresh());
}

}  // namespace
}  // namespace mig::agent
