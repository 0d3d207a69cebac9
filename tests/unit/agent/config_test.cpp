#include "agent/config.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "test_env.h"

namespace mig::agent {
namespace {

TEST(AgentConfig, FileOverridesOnlyWhatItSets) {
  auto file = ConfigFile::Parse(R"([agent]
    relay = "amqp://agent:pw@127.0.0.1:5679/mig"
    heartbeatfreq = 30s
    tags = "operator:IT"
    tags = "env:prod:extra"
    checkin = on
)");
  ASSERT_TRUE(file.ok());
  AgentConfig base;
  base.module_timeout = std::chrono::seconds(123);
  auto c = ApplyConfigFile(base, *file);
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->relay, "amqp://agent:pw@127.0.0.1:5679/mig");
  EXPECT_EQ(c->heartbeat_interval.count(), 30);
  EXPECT_EQ(c->module_timeout.count(), 123);  // kept: not in the file
  EXPECT_TRUE(c->checkin);
  EXPECT_EQ(c->tags.at("operator"), "IT");
  EXPECT_EQ(c->tags.at("env"), "prod");
  EXPECT_EQ(c->relay_account, "own");  // the default: every agent its own relay user
  auto shared = ConfigFile::Parse("[agent]\nrelayaccount = shared\n");
  ASSERT_TRUE(shared.ok());
  EXPECT_EQ(ApplyConfigFile(base, *shared)->relay_account, "shared");
}

TEST(AgentConfig, BadFilesSayWhatToFix) {
  struct Case {
    const char* text;
    const char* expect;
  } cases[] = {
      {"[agent]\nbogus = 1\n", "unknown configuration key(s): agent.bogus"},
      {"[agent]\nheartbeatfreq = soon\n", "[agent] heartbeatfreq: invalid duration"},
      {"[agent]\nmoduletimeout = 0s\n", "moduletimeout must be at least 1s"},
      {"[agent]\ncheckin = perhaps\n", "not a boolean"},
      {"[agent]\ntags = novalue\n", "expected name:value"},
      {"[agent]\nmaxrunning = 1000\n", "maxrunning must be a number from 1 to 64"},
      {"[agent]\nrelayaccount = everyone\n", "relayaccount = \"everyone\": expected own or shared"},
      {"[certs]\nca = /nonexistent/ca.pem\n", "[certs] ca: cannot read /nonexistent/ca.pem"},
  };
  for (const auto& tc : cases) {
    auto file = ConfigFile::Parse(tc.text);
    ASSERT_TRUE(file.ok()) << tc.text;
    auto c = ApplyConfigFile(AgentConfig{}, *file);
    ASSERT_FALSE(c.ok()) << tc.text;
    EXPECT_NE(c.error().find(tc.expect), std::string::npos) << c.error();
  }
}

TEST(AgentConfig, LoadsAclAndKeysFromConfDir) {
  test::TempDir dir;
  test::WriteFile(dir.Sub("agent.cfg"), "[agent]\nconfdir = \"" + dir.path() + "\"\n");
  test::WriteFile(dir.Sub("acl.cfg"), R"({"default":{"minimumweight":2,"investigators":{}}})");
  std::filesystem::create_directories(dir.Sub("agentkeys"));
  test::WriteFile(dir.Sub("agentkeys/alice.asc"), "-----BEGIN PGP PUBLIC KEY BLOCK-----\n");
  auto c = LoadAgentConfig(dir.Sub("agent.cfg"));
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_NE(c->acl_json.find("\"minimumweight\":2"), std::string::npos);
  ASSERT_EQ(c->investigator_keys.size(), 1u);
}

TEST(AgentConfig, MissingFileMeansBuiltIn) {
  auto c = LoadAgentConfig("/nonexistent/mig-agent.cfg");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->heartbeat_interval, BuiltinConfig().heartbeat_interval);
}

TEST(AgentConfig, DescribeHidesSecrets) {
  AgentConfig c;
  c.client_key_pem = "-----BEGIN PRIVATE KEY-----secret";
  c.relay = "amqp://agent:fleet-secret@relay.example.net:5671/mig";
  std::string text = DescribeConfig(c);
  EXPECT_EQ(text.find("secret"), std::string::npos) << text;
  EXPECT_NE(text.find("relay = \"amqp://agent:(hidden)@relay.example.net:5671/mig\""),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("relayaccount = own"), std::string::npos) << text;
  EXPECT_TRUE(ConfigFile::Parse(text).ok()) << text;
}

}  // namespace
}  // namespace mig::agent
