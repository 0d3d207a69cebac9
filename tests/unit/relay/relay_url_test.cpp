#include "relay/relay_url.h"

#include <gtest/gtest.h>

namespace mig::relay {
namespace {

TEST(RelayUrl, ParsesFullAmqpUrl) {
  auto u = ParseRelayUrl("amqp://agent:s3cret@relay.example.net:5673/mig");
  ASSERT_TRUE(u.ok()) << u.error();
  EXPECT_FALSE(u->tls);
  EXPECT_EQ(u->user, "agent");
  EXPECT_EQ(u->password, "s3cret");
  EXPECT_EQ(u->host, "relay.example.net");
  EXPECT_EQ(u->port, 5673);
  EXPECT_EQ(u->vhost, "mig");
  EXPECT_EQ(u->Display(), "amqp://relay.example.net:5673/mig");
}

TEST(RelayUrl, AmqpsDefaultsToPort5671) {
  auto u = ParseRelayUrl("amqps://agent:pw@relay/mig");
  ASSERT_TRUE(u.ok()) << u.error();
  EXPECT_TRUE(u->tls);
  EXPECT_EQ(u->port, 5671);
  auto plain = ParseRelayUrl("amqp://relay/mig");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->port, 5672);
}

TEST(RelayUrl, DefaultsWhenPartsAreMissing) {
  auto u = ParseRelayUrl("amqp://localhost");
  ASSERT_TRUE(u.ok()) << u.error();
  EXPECT_EQ(u->user, "guest");
  EXPECT_EQ(u->password, "guest");
  EXPECT_EQ(u->vhost, "/");
}

TEST(RelayUrl, PercentDecodesVhostUserAndPassword) {
  auto u = ParseRelayUrl("amqp://us%40er:p%3Aw%2Fd@h/%2f");
  ASSERT_TRUE(u.ok()) << u.error();
  EXPECT_EQ(u->user, "us@er");
  EXPECT_EQ(u->password, "p:w/d");
  EXPECT_EQ(u->vhost, "/");
  EXPECT_EQ(u->Display(), "amqp://h:5672/%2f");
}

TEST(RelayUrl, UserWithoutPasswordHasEmptyPassword) {
  auto u = ParseRelayUrl("amqp://agent@h/mig");
  ASSERT_TRUE(u.ok()) << u.error();
  EXPECT_EQ(u->user, "agent");
  EXPECT_EQ(u->password, "");
}

TEST(RelayUrl, ParsesIpv6Literal) {
  auto u = ParseRelayUrl("amqp://a:b@[::1]:5999/mig");
  ASSERT_TRUE(u.ok()) << u.error();
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->port, 5999);
  EXPECT_EQ(u->Display(), "amqp://[::1]:5999/mig");
}

void ExpectError(const std::string& url, const std::string& fragment) {
  auto u = ParseRelayUrl(url);
  ASSERT_FALSE(u.ok()) << url;
  EXPECT_NE(u.error().find(fragment), std::string::npos) << u.error();
  EXPECT_NE(u.error().find("relay url"), std::string::npos) << u.error();
}

TEST(RelayUrl, RejectsBadInputWithClearErrors) {
  ExpectError("http://h/mig", "scheme must be amqp:// or amqps://");
  ExpectError("", "scheme");
  ExpectError("amqp://h:99999/mig", "out of range");
  ExpectError("amqp://h:0/mig", "out of range");
  ExpectError("amqp://h:abc/mig", "not a number");
  ExpectError("amqp://h:/mig", "not a number");
  ExpectError("amqp:///mig", "host is empty");
  ExpectError("amqp://u:p@/mig", "host is empty");
  ExpectError("amqp://h/", "vhost is empty");
  ExpectError("amqp://h/a/b", "%2f");
  ExpectError("amqp://h/mig%zz", "vhost has a '%'");
  ExpectError("amqp://h/mig%4", "two hex digits");
  ExpectError("amqp://u%g1:p@h/mig", "user");
  ExpectError("amqp://:p@h/mig", "user is empty");
  ExpectError("amqp://h/mig?heartbeat=10", "query parameters");
  ExpectError("amqp://[::1/mig", "']'");
  ExpectError("amqp://[::1]x/mig", "after ']'");
}

}  // namespace
}  // namespace mig::relay

namespace mig::relay {
namespace {

TEST(RelayUrl, ErrorsNeverRepeatTheCredentials) {
  for (const std::string url :
       {"amqp://agent:s3cret-token@h:99999/mig", "amqp://agent:s3cret-token@/mig",
        "amqp://agent:s3cret-token@h/a/b"}) {
    auto u = ParseRelayUrl(url);
    ASSERT_FALSE(u.ok()) << url;
    EXPECT_EQ(u.error().find("s3cret-token"), std::string::npos) << u.error();
    EXPECT_NE(u.error().find("...@"), std::string::npos) << u.error();
  }
}

}  // namespace
}  // namespace mig::relay
