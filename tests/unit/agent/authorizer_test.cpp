#include "agent/authorizer.h"

#include <gtest/gtest.h>

#include "core/documents_json.h"
#include "test_env.h"

namespace mig::agent {
namespace {

std::string Example(const std::string& name) {
  return test::ReadFile(test::MigExamplesDir() + "/" + name);
}

AgentConfig ExampleConfig() {
  AgentConfig c;
  c.acl_json = Example("acl.json");
  for (const char* k : {"alice", "bob", "carol"}) {
    c.investigator_keys.push_back(Example(std::string("keys/") + k + ".asc"));
  }
  return c;
}

// The agent's verdict on each of MIG's example actions, as MIG's agent gave
// it (agent_verdict in the .expected.txt files): accepted or not.
TEST(PgpAuthorizer, MatchesMigAgentVerdictsOnExamples) {
  auto auth = MakeAuthorizer(ExampleConfig());
  ASSERT_TRUE(auth.ok()) << auth.error();
  const Time now = Time::Now();
  struct Case {
    const char* file;
    const char* expect;  // "" = accepted, else a substring of the error
  } cases[] = {
      {"mig-example_v2.json", ""},
      {"mig-scribe-glibc.json", ""},
      {"mig-shellshock_iocs.json", ""},
      {"mig-sshd_backdoor.json", ""},
      {"mig-integration_tests.json", "insufficient signatures weight (need 3, got 2)"},
      {"mig-linux-backdoor.json", "insufficient signatures weight (need 2, got 1)"},
      {"mallory-single.json", "not in the keyring"},
      {"tampered-operations.json", "bad signature"},
  };
  for (const auto& c : cases) {
    auto action = ParseAction(Example(c.file));
    ASSERT_TRUE(action.ok()) << c.file << ": " << action.error();
    Status s = (*auth)->Authorize(*action, now);
    if (std::string(c.expect).empty()) {
      EXPECT_TRUE(s.ok()) << c.file << ": " << s.message();
    } else {
      ASSERT_FALSE(s.ok()) << c.file;
      EXPECT_NE(s.message().find(c.expect), std::string::npos) << c.file << ": " << s.message();
    }
  }
}

TEST(PgpAuthorizer, OnlyVerifyPubkeySkipsWeights) {
  AgentConfig c = ExampleConfig();
  c.only_verify_pubkey = true;
  auto auth = MakeAuthorizer(c);
  ASSERT_TRUE(auth.ok());
  auto action = ParseAction(Example("mig-linux-backdoor.json"));
  ASSERT_TRUE(action.ok());
  EXPECT_TRUE((*auth)->Authorize(*action, Time::Now()).ok());
}

TEST(PgpAuthorizer, RefusesExpiredAndFutureActions) {
  auto auth = MakeAuthorizer(ExampleConfig());
  ASSERT_TRUE(auth.ok());
  auto action = ParseAction(Example("mig-example_v2.json"));
  ASSERT_TRUE(action.ok());
  Status late = (*auth)->Authorize(*action, action->expire_after.AddSeconds(10));
  ASSERT_FALSE(late.ok());
  EXPECT_NE(late.message().find("action has expired"), std::string::npos) << late.message();
  Status early = (*auth)->Authorize(*action, action->valid_from.AddSeconds(-10));
  ASSERT_FALSE(early.ok());
  EXPECT_NE(early.message().find("action is not valid yet"), std::string::npos) << early.message();
}

TEST(PgpAuthorizer, DefaultAclAcceptsNobody) {
  AgentConfig c = ExampleConfig();
  c.acl_json = AgentConfig{}.acl_json;
  auto auth = MakeAuthorizer(c);
  ASSERT_TRUE(auth.ok());
  auto action = ParseAction(Example("mig-example_v2.json"));
  ASSERT_TRUE(action.ok());
  Status s = (*auth)->Authorize(*action, Time::Now());
  ASSERT_FALSE(s.ok());
  // Signed by known keys, but the default entry lists no investigator.
  EXPECT_NE(s.message().find("insufficient signatures weight (need 1, got 0)"), std::string::npos)
      << s.message();
}

TEST(PgpAuthorizer, InvalidAclIsAStartupError) {
  AgentConfig c = ExampleConfig();
  c.acl_json = "{not json";
  auto auth = MakeAuthorizer(c);
  ASSERT_FALSE(auth.ok());
  EXPECT_NE(auth.error().find("ACL"), std::string::npos);
}

}  // namespace
}  // namespace mig::agent
