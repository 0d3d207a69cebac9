#include "core/agent_credential.h"

#include <gtest/gtest.h>

namespace mig {
namespace {

const std::string kId(96, 'a');

TEST(AgentCredential, NewSecretsAreHexAndDiffer) {
  auto a = NewAgentSecret(), b = NewAgentSecret();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(IsValidAgentSecret(*a));
  EXPECT_NE(*a, *b);
}

TEST(AgentCredential, PasswordRoundTrips) {
  AgentPassword p{std::string(64, 'f'), "fleet:token:with:colons"};
  auto parsed = ParseAgentPassword(FormatAgentPassword(p));
  ASSERT_TRUE(parsed.ok()) << parsed.error();
  EXPECT_EQ(parsed->secret, p.secret);
  EXPECT_EQ(parsed->enrollment_token, p.enrollment_token);
}

TEST(AgentCredential, EmptyTokenIsAllowed) {
  auto parsed = ParseAgentPassword("mig-agent-v1:" + std::string(64, '0') + ":");
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->enrollment_token.empty());
}

TEST(AgentCredential, MalformedPasswordsAreRefusedWithoutEchoingThem) {
  const std::string secretish = std::string(64, 'A');  // uppercase: not ours
  for (const std::string& bad :
       {std::string("agent-secret"), std::string("mig-agent-v1:"),
        "mig-agent-v1:" + std::string(64, '0'), "mig-agent-v1:" + secretish + ":tok",
        "mig-agent-v1:" + std::string(63, '0') + ":tok",
        "mig-agent-v2:" + std::string(64, '0') + ":",
        std::string("mig-agent-v1:") + std::string(64, '0') + std::string(1, '\0')}) {
    auto parsed = ParseAgentPassword(bad);
    EXPECT_FALSE(parsed.ok()) << bad;
    if (!parsed.ok()) {
      EXPECT_EQ(parsed.error().find(secretish), std::string::npos);
    }
  }
}

TEST(AgentCredential, DigestIsSha256Hex) {
  EXPECT_EQ(AgentSecretDigest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(AgentCredential, SecretsEqualComparesContent) {
  EXPECT_TRUE(SecretsEqual("token", "token"));
  EXPECT_FALSE(SecretsEqual("token", "tokem"));
  EXPECT_FALSE(SecretsEqual("token", "token2"));
  EXPECT_FALSE(SecretsEqual("", "x"));
}

TEST(AgentCredential, AgentIdentities) {
  EXPECT_TRUE(IsAgentIdentity("linux." + kId));
  EXPECT_TRUE(IsAgentIdentity("freebsd." + std::string(80, 'Z')));
  EXPECT_FALSE(IsAgentIdentity("scheduler"));
  EXPECT_FALSE(IsAgentIdentity("agent"));
  EXPECT_FALSE(IsAgentIdentity("linux." + std::string(79, 'a')));  // id too short
  EXPECT_FALSE(IsAgentIdentity("Linux." + kId));                   // OS name lowercase
  EXPECT_FALSE(IsAgentIdentity("." + kId));
  EXPECT_FALSE(IsAgentIdentity("linux." + kId + ".x"));  // a dot in the id
  EXPECT_FALSE(IsAgentIdentity("linux." + kId + "#"));
  EXPECT_FALSE(IsAgentIdentity("linux." + std::string(300, 'a')));  // queue name > 255
  EXPECT_FALSE(IsAgentIdentity("averyveryverylongosname." + kId));
  EXPECT_FALSE(IsAgentIdentity("heartbeats"));
}

}  // namespace
}  // namespace mig
