#include "relay/topology.h"

#include <gtest/gtest.h>

namespace mig::relay {
namespace {

TEST(Topology, FixedNamesMatchProtocol) {
  EXPECT_EQ(kToAgentsExchange, "toagents");
  EXPECT_EQ(kToSchedulersExchange, "toschedulers");
  EXPECT_EQ(kHeartbeatsQueue, "mig.agt.heartbeats");
  EXPECT_EQ(kResultsQueue, "mig.agt.results");
  EXPECT_EQ(kExchangeType, "direct");
}

TEST(Topology, AgentQueueNameIsPrefixPlusQueueLoc) {
  EXPECT_EQ(AgentQueueName("linux.4bvmnn1t2m9e"), "mig.agt.linux.4bvmnn1t2m9e");
}

TEST(Topology, ValidQueueLocPasses) {
  EXPECT_TRUE(ValidateQueueLoc("linux." + std::string(100, 'a')).ok());
}

TEST(Topology, BadQueueLocsAreRejectedWithReason) {
  EXPECT_NE(ValidateQueueLoc("").message().find("empty"), std::string::npos);
  EXPECT_NE(ValidateQueueLoc("linux.a b").message().find("offset 7"), std::string::npos);
  EXPECT_NE(ValidateQueueLoc("linux.\xc3\xa9").message().find("non-ASCII"), std::string::npos);
  EXPECT_NE(ValidateQueueLoc(std::string(248, 'a')).message().find("248 bytes"), std::string::npos);
  EXPECT_TRUE(ValidateQueueLoc(std::string(247, 'a')).ok());
  EXPECT_NE(ValidateQueueLoc("heartbeats").message().find("scheduler queue"), std::string::npos);
  EXPECT_FALSE(ValidateQueueLoc("results").ok());
}

TEST(Topology, CommandExpirationIsRemainingTimeNotWholeWindow) {
  // An action valid for an hour, sent 50 minutes into its window, must only
  // live 10 more minutes on the relay.
  Time valid_from = Time::FromUnix(1'700'000'000);
  Time expire_after = valid_from.AddSeconds(3600);
  Time now = valid_from.AddSeconds(3000);
  auto ttl = CommandExpiration(expire_after, now);
  ASSERT_TRUE(ttl.ok()) << ttl.error();
  EXPECT_EQ(*ttl, "600000");
}

TEST(Topology, CommandExpirationCountsMilliseconds) {
  Time now = Time::FromUnix(100, 250'000'000);
  Time expire_after = Time::FromUnix(101, 0);
  auto ttl = CommandExpiration(expire_after, now);
  ASSERT_TRUE(ttl.ok());
  EXPECT_EQ(*ttl, "750");
}

TEST(Topology, ExpiredActionHasNoCommandExpiration) {
  Time now = Time::FromUnix(200);
  auto same = CommandExpiration(now, now);
  EXPECT_FALSE(same.ok());
  EXPECT_NE(same.error().find("expired"), std::string::npos);
  EXPECT_FALSE(CommandExpiration(Time::FromUnix(100), now).ok());
}

TEST(Topology, ReturnExpirationIsTenHeartbeats) {
  auto ttl = ReturnExpiration(std::chrono::seconds(300));
  ASSERT_TRUE(ttl.ok());
  EXPECT_EQ(*ttl, "3000000");
  EXPECT_FALSE(ReturnExpiration(std::chrono::seconds(0)).ok());
  EXPECT_FALSE(ReturnExpiration(std::chrono::seconds(-5)).ok());
}

TEST(Topology, CommandPropertiesFollowProtocol) {
  Time now = Time::FromUnix(1'700'000'000);
  auto p = CommandProperties(now.AddSeconds(60), now);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->persistent);
  EXPECT_EQ(p->content_type, "text/plain");
  EXPECT_EQ(p->timestamp, 1'700'000'000);
  EXPECT_EQ(p->expiration, "60000");
  EXPECT_FALSE(CommandProperties(now, now).ok());
}

TEST(Topology, ResultAndHeartbeatPropertiesFollowProtocol) {
  auto r = ResultProperties(std::chrono::seconds(60));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->persistent);
  EXPECT_EQ(r->content_type, "text/plain");
  EXPECT_FALSE(r->timestamp.has_value());
  EXPECT_EQ(r->expiration, "600000");
  auto h = HeartbeatProperties(std::chrono::seconds(300));
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->expiration, "3000000");
}

}  // namespace
}  // namespace mig::relay
