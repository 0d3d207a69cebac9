// Connecting, logging in and the errors a user sees when that fails.
#include <gtest/gtest.h>

#include "relay/topology.h"
#include "relay_fixture.h"
#include "test_env.h"

namespace mig::relay::test {
namespace {

using Server = mig::test::RabbitMqServer;

Result<std::unique_ptr<AmqpConnection>> Connect(const std::string& url) {
  auto parsed = ParseRelayUrl(url);
  if (!parsed) return parsed.status();
  return AmqpConnection::Open(OptionsFor(*parsed));
}

class Connection : public RelayTest {};

TEST_F(Connection, SchedulerDeclaresTheExchanges) {
  auto conn = MustConnect(relay().SchedulerUrl());
  ASSERT_NE(conn, nullptr);
  EXPECT_TRUE(conn->is_open());
  Status s = conn->DeclareExchange(kToAgentsExchange);
  EXPECT_TRUE(s.ok()) << s.message();
  s = conn->DeclareExchange(kToSchedulersExchange);
  EXPECT_TRUE(s.ok()) << s.message();
  // Declaring again with the same settings is fine (every scheduler start does it).
  EXPECT_TRUE(conn->DeclareExchange(kToAgentsExchange).ok());
  conn->Close();
  EXPECT_FALSE(conn->is_open());
  EXPECT_FALSE(conn->DeclareQueue("mig.agt.x").ok());
}

TEST_F(Connection, WrongPasswordIsAccessRefusedWithTheRelayNamed) {
  auto conn = Connect(relay().Url(Server::kAgentUser, "wrong"));
  ASSERT_FALSE(conn.ok());
  const std::string expected_prefix =
      "relay amqp://127.0.0.1:" + std::to_string(relay().port()) + "/mig: login as agent";
  EXPECT_EQ(conn.error().rfind(expected_prefix, 0), 0u) << conn.error();
  EXPECT_NE(conn.error().find("ACCESS_REFUSED - Login was refused"), std::string::npos)
      << conn.error();
  EXPECT_EQ(conn.error().find("wrong"), std::string::npos) << "password leaked: " << conn.error();
}

TEST_F(Connection, GuestAccountDoesNotExist) {
  auto conn = Connect(relay().Url("guest", "guest"));
  ASSERT_FALSE(conn.ok()) << "guest/guest logged in";
  EXPECT_NE(conn.error().find("ACCESS_REFUSED"), std::string::npos) << conn.error();
}

TEST_F(Connection, UnknownVhostIsRefused) {
  auto conn = Connect("amqp://agent:agent-secret@127.0.0.1:" + std::to_string(relay().port()) +
                      "/nosuchvhost");
  ASSERT_FALSE(conn.ok());
  EXPECT_NE(conn.error().find("vhost nosuchvhost"), std::string::npos) << conn.error();
}

TEST_F(Connection, NothingListeningIsAConnectError) {
  int port = mig::test::FreeLoopbackPort();
  auto conn = Connect("amqp://a:b@127.0.0.1:" + std::to_string(port) + "/mig");
  ASSERT_FALSE(conn.ok());
  EXPECT_NE(conn.error().find(": connect: "), std::string::npos) << conn.error();
}

TEST_F(Connection, ConnectionSurvivesChannelErrors) {
  auto conn = MustConnect(relay().AgentUrl());
  ASSERT_NE(conn, nullptr);
  auto missing = conn->InspectQueue(UniqueQueue());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().find("NOT_FOUND"), std::string::npos) << missing.error();
  EXPECT_NE(missing.error().find("inspect queue " + UniqueQueue()), std::string::npos);
  // The channel was reopened: the connection keeps working.
  ASSERT_TRUE(conn->is_open());
  Status s = conn->DeclareQueue(UniqueQueue());
  EXPECT_TRUE(s.ok()) << s.message();
  auto info = conn->InspectQueue(UniqueQueue());
  ASSERT_TRUE(info.ok()) << info.error();
  EXPECT_EQ(info->messages, 0u);
  EXPECT_TRUE(conn->DeleteQueue(UniqueQueue()).ok());
}

}  // namespace
}  // namespace mig::relay::test
