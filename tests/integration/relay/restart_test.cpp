// The relay goes away and comes back: consumers notice, reconnect with
// backoff, and persistent messages survive.
#include <gtest/gtest.h>

#include <future>

#include "relay/reconnect.h"
#include "relay/topology.h"
#include "relay_fixture.h"
#include "test_env.h"

namespace mig::relay::test {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(Reconnect, GivesUpWhenTheWaitSaysSo) {
  auto url = ParseRelayUrl("amqp://a:b@127.0.0.1:" + std::to_string(mig::test::FreeLoopbackPort()) +
                           "/mig");
  ASSERT_TRUE(url.ok());
  Backoff backoff(BackoffPolicy{milliseconds(1), milliseconds(4), 2.0, 0.0}, 1);
  std::vector<milliseconds> delays;
  std::string last_error;
  auto conn = ConnectWithRetry(OptionsFor(*url), nullptr, backoff,
                               [&](const Status& error, milliseconds delay) {
                                 last_error = error.message();
                                 delays.push_back(delay);
                                 return delays.size() < 4;
                               });
  ASSERT_FALSE(conn.ok());
  EXPECT_EQ(conn.error(), last_error);
  EXPECT_NE(last_error.find("connect"), std::string::npos) << last_error;
  EXPECT_EQ(delays, (std::vector<milliseconds>{milliseconds(1), milliseconds(2), milliseconds(4),
                                               milliseconds(4)}));
}

class Restart : public RelayTest {};

TEST_F(Restart, ConsumerSeesTheDropAndReconnects) {
  const std::string queue = UniqueQueue();
  auto url = ParseRelayUrl(relay().AgentUrl());
  ASSERT_TRUE(url.ok());
  ConnectOptions options = OptionsFor(*url);
  options.heartbeat = seconds(10);
  // What an agent does on every (re)connection: its queue, prefetch 1, consume.
  int setups = 0;
  ConnectionSetup setup = [&](AmqpConnection& c) {
    ++setups;
    if (Status s = c.DeclareQueue(queue); !s) return s;
    if (Status s = c.BindQueue(queue, kToAgentsExchange, queue); !s) return s;
    if (Status s = c.SetPrefetch(1); !s) return s;
    return c.Consume(queue).status();
  };
  Backoff backoff(BackoffPolicy{milliseconds(100), milliseconds(1000), 2.0, 0.5});
  Scheduler();  // exchanges exist
  auto consumer = ConnectWithRetry(options, setup, backoff);
  ASSERT_TRUE(consumer.ok()) << consumer.error();
  ASSERT_EQ(setups, 1);

  // A persistent message waiting in the durable queue across the restart.
  {
    auto scheduler = Scheduler();
    ASSERT_NE(scheduler, nullptr);
    ASSERT_TRUE(scheduler->EnableConfirms().ok());
    ASSERT_TRUE(scheduler->Publish(kToAgentsExchange, queue, "before", {}).ok());
    ASSERT_TRUE(scheduler->WaitConfirms(seconds(10)).ok());
  }
  ASSERT_TRUE(relay().Stop().ok());
  auto lost = (*consumer)->Receive(10, seconds(10));
  // The "before" message may have been delivered just before the drop; what
  // matters is that the loss of the relay is reported, not hidden.
  while (lost.ok() && !lost->empty())
    lost = (*consumer)->Receive(10, seconds(10));
  ASSERT_FALSE(lost.ok()) << "consumer did not notice the relay going away";
  EXPECT_FALSE((*consumer)->is_open());
  EXPECT_NE(lost.error().find("relay amqp://127.0.0.1"), std::string::npos) << lost.error();

  auto restarted = std::async(std::launch::async, [&] { return relay().StartNode(); });
  std::vector<std::string> errors;
  auto again =
      ConnectWithRetry(options, setup, backoff, [&](const Status& error, milliseconds delay) {
        errors.push_back(error.message());
        std::this_thread::sleep_for(delay);
        return errors.size() < 200;
      });
  Status started = restarted.get();
  ASSERT_TRUE(started.ok()) << started.message();
  ASSERT_TRUE(again.ok()) << again.error();
  EXPECT_FALSE(errors.empty()) << "connected while the node was still starting?";
  EXPECT_GE(setups, 2);

  auto got = (*again)->Receive(10, seconds(10));
  ASSERT_TRUE(got.ok()) << got.error();
  ASSERT_EQ(got->size(), 1u) << "persistent message lost across the restart";
  EXPECT_EQ((*got)[0].body, "before");
  EXPECT_TRUE((*again)->Ack((*got)[0].delivery_tag).ok());
  EXPECT_TRUE((*again)->DeleteQueue(queue).ok());
}

}  // namespace
}  // namespace mig::relay::test
