#include "relay_fixture.h"

#include <unistd.h>

#include "relay/topology.h"

namespace mig::relay::test {
namespace {

std::unique_ptr<mig::test::RabbitMqServer> g_relay;
std::string g_error;
bool g_tried = false;

class StopRelay : public ::testing::Environment {
 public:
  void TearDown() override { g_relay.reset(); }
};
const auto* const kStopRelay = ::testing::AddGlobalTestEnvironment(new StopRelay);

}  // namespace

mig::test::RabbitMqServer* SharedRelay() {
  if (!g_tried) {
    g_tried = true;
    mig::test::RabbitMqOptions options;
    options.tls = true;
    auto started = mig::test::RabbitMqServer::Start(options);
    if (started) {
      g_relay = std::move(started).value();
    } else {
      g_error = started.error();
    }
  }
  return g_relay.get();
}

const std::string& StartError() {
  return g_error;
}

std::unique_ptr<AmqpConnection> MustConnect(const std::string& url) {
  auto parsed = ParseRelayUrl(url);
  EXPECT_TRUE(parsed.ok()) << parsed.error();
  if (!parsed) return nullptr;
  auto conn = AmqpConnection::Open(OptionsFor(*parsed));
  EXPECT_TRUE(conn.ok()) << conn.error();
  if (!conn) return nullptr;
  return std::move(conn).value();
}

void RelayTest::SetUp() {
  if (!mig::test::RabbitMqServer::Installed()) GTEST_SKIP() << "rabbitmq-server not installed";
  ASSERT_NE(SharedRelay(), nullptr) << StartError();
  ASSERT_TRUE(relay().running()) << "an earlier test left the relay stopped";
}

std::string RelayTest::UniqueQueue(const std::string& tag) const {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return AgentQueueName(std::string("test.") + info->name() + tag + "." + std::to_string(getpid()));
}

std::unique_ptr<AmqpConnection> RelayTest::Scheduler() {
  auto conn = MustConnect(relay().SchedulerUrl());
  if (!conn) return nullptr;
  EXPECT_TRUE(conn->DeclareExchange(kToAgentsExchange).ok());
  EXPECT_TRUE(conn->DeclareExchange(kToSchedulersExchange).ok());
  return conn;
}

}  // namespace mig::relay::test
