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
  EXPECT_EQ(c->max_result_bytes, 16u << 20);  // [agent] maxresultsize's default
  auto small = ConfigFile::Parse("[agent]\nmaxresultsize = 65536\n");
  ASSERT_TRUE(small.ok());
  EXPECT_EQ(ApplyConfigFile(base, *small)->max_result_bytes, 65536u);
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
      {"[agent]\nmaxresultsize = 16MB\n", "maxresultsize = \"16MB\": expected a number of bytes"},
      {"[agent]\nmaxresultsize = 10\n", "from 4096 to 2147483648"},
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

// A configuration file in a fresh directory, loaded as mig-agent loads it.
Result<AgentConfig> Load(const std::string& text) {
  test::TempDir dir;
  test::WriteFile(dir.Sub("agent.cfg"), text);
  return LoadAgentConfig(dir.Sub("agent.cfg"));
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(AgentConfig, ProxiesAreRefusedWithWhatToDo) {
  auto c = Load("[agent]\nproxies = \"proxy1.example.net:3128, proxy2.example.net:3128\"\n");
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(Contains(c.error(),
                       "[agent] proxies = \"proxy1.example.net:3128,proxy2.example.net:3128\": "
                       "proxies are not implemented in this agent"))
      << c.error();
  EXPECT_TRUE(Contains(c.error(), "directly, through no proxy")) << c.error();
  EXPECT_TRUE(Contains(c.error(), "remove the key")) << c.error();
  // An empty list is what the agent does: accepted.
  auto empty = Load("[agent]\nproxies = \"\"\n");
  ASSERT_TRUE(empty.ok()) << empty.error();
  EXPECT_TRUE(empty->proxies.empty());
}

TEST(AgentConfig, SocketOnlyMigDefaultOrEmptyWithAStartupNote) {
  // MIG's sample configuration sets its default: accepted, and said at start.
  auto mig_default = Load("[agent]\nsocket = \"127.0.0.1:51664\"\n");
  ASSERT_TRUE(mig_default.ok()) << mig_default.error();
  auto notes = StartupNotes(*mig_default);
  ASSERT_FALSE(notes.empty());
  EXPECT_TRUE(Contains(notes[0],
                       "[agent] socket = \"127.0.0.1:51664\": the local status socket "
                       "is not implemented yet; nothing listens there"))
      << notes[0];
  EXPECT_EQ(BuiltinConfig().socket, "127.0.0.1:51664");  // the same when the key is absent
  auto empty = Load("[agent]\nsocket = \"\"\n");
  ASSERT_TRUE(empty.ok()) << empty.error();
  for (const auto& note : StartupNotes(*empty))
    EXPECT_FALSE(Contains(note, "[agent] socket")) << note;
  auto other = Load("[agent]\nsocket = \"0.0.0.0:51664\"\n");
  ASSERT_FALSE(other.ok());
  EXPECT_TRUE(Contains(other.error(),
                       "[agent] socket = \"0.0.0.0:51664\": the local status "
                       "socket is not implemented in this agent"))
      << other.error();
  EXPECT_TRUE(Contains(other.error(), "keep MIG's default \"127.0.0.1:51664\"")) << other.error();
}

TEST(AgentConfig, StatsMaxActionsIsCheckedAndSaidToKeepNothing) {
  auto c = Load("[stats]\nmaxactions = 30\n");
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->stats_max_actions, 30);
  bool said = false;
  for (const auto& note : StartupNotes(*c))
    said = said || Contains(note,
                            "[stats] maxactions = 30: MIG keeps statistics of its last "
                            "actions for its local status socket only; this agent has "
                            "none, so it keeps none");
  EXPECT_TRUE(said);
  auto off = Load("[stats]\nmaxactions = 0\n");
  ASSERT_TRUE(off.ok()) << off.error();
  for (const auto& note : StartupNotes(*off))
    EXPECT_FALSE(Contains(note, "maxactions")) << note;
  EXPECT_EQ(AgentConfig{}.stats_max_actions, 15);  // MIG's default
  for (const char* bad : {"31", "-1", "many", "100", ""}) {
    auto r = Load(std::string("[stats]\nmaxactions = \"") + bad + "\"\n");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_TRUE(Contains(r.error(), std::string("[stats] maxactions = \"") + bad +
                                        "\": expected a number from 0 to 30"))
        << r.error();
  }
}

TEST(AgentConfig, RefreshEnvEmptyKeepsBuiltInZeroDisables) {
  AgentConfig base;
  base.refresh_env = std::chrono::seconds(123);
  auto apply = [&](const std::string& text) {
    auto file = ConfigFile::Parse(text);
    EXPECT_TRUE(file.ok()) << text;
    return ApplyConfigFile(base, *file);
  };
  // MIG: an empty value keeps the built-in one.
  EXPECT_EQ(apply("[agent]\nrefreshenv = \"\"\n")->refresh_env.count(), 123);
  EXPECT_EQ(apply("[agent]\nrefreshenv = 0s\n")->refresh_env.count(), 0);
  EXPECT_EQ(apply("[agent]\nrefreshenv = 10m\n")->refresh_env.count(), 600);
  // Would silently become 0 (disabled) or make no sense.
  for (const char* bad : {"500ms", "-5m"}) {
    auto r = apply(std::string("[agent]\nrefreshenv = ") + bad + "\n");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_TRUE(Contains(
        r.error(), std::string("[agent] refreshenv = \"") + bad + "\": expected 0s or at least 1s"))
        << r.error();
  }
}

TEST(AgentConfig, DescribeShowsWhatTheSettingsDo) {
  AgentConfig c;
  c.discover_public_ip = true;
  c.refresh_env = std::chrono::seconds(0);
  const std::string text = DescribeConfig(c);
  for (const char* line :
       {"    discoverpublicip = on\n", "    socket = \"127.0.0.1:51664\"\n",
        "; socket: not implemented, nothing listens\n", "    proxies = \"\"\n",
        "    refreshenv = 0s\n", "; refreshenv 0s: the environment is detected once\n",
        "[stats]\n    maxactions = 15\n"})
    EXPECT_TRUE(Contains(text, line)) << line << " in\n" << text;
  EXPECT_TRUE(ConfigFile::Parse(text).ok()) << text;
}

TEST(AgentConfig, RespondMaxValidityIsAGoDurationFromOneSecondToADay) {
  AgentConfig base;
  EXPECT_EQ(base.respond_max_validity.count(), 3600);  // the default: 1h
  auto half = ConfigFile::Parse("[respond]\nmaxvalidity = \"30m\"\n");
  ASSERT_TRUE(half.ok());
  auto c = ApplyConfigFile(base, *half);
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->respond_max_validity.count(), 1800);
  EXPECT_NE(DescribeConfig(*c).find("[respond]\n    maxvalidity = 1800s"), std::string::npos)
      << DescribeConfig(*c);
  for (const char* bad : {"0s", "500ms", "-1h", "25h", "24h0m1s", "abc", "", "9999999999h",
                          "1h\"\n[agent]\nonlyverifypubkey = on"}) {
    auto file = ConfigFile::Parse(std::string("[respond]\nmaxvalidity = \"") + bad + "\"\n");
    if (!file.ok()) continue;  // refused by the parser already: fine
    auto applied = ApplyConfigFile(base, *file);
    ASSERT_FALSE(applied.ok()) << bad;
    EXPECT_NE(applied.error().find("[respond] maxvalidity"), std::string::npos) << applied.error();
    EXPECT_NE(applied.error().find("from 1s to 24h"), std::string::npos) << applied.error();
  }
  auto unknown = ConfigFile::Parse("[respond]\nmaxwindow = 1h\n");
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(ApplyConfigFile(base, *unknown).ok());
}

}  // namespace
}  // namespace mig::agent
