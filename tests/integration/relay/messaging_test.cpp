// Messages through a real relay: properties, confirms, returns, permissions,
// arbitrary bodies.
#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <thread>

#include "relay/topology.h"
#include "relay_fixture.h"

namespace mig::relay::test {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class Messaging : public RelayTest {
 protected:
  // An agent connection whose queue exists and is bound to toagents.
  std::unique_ptr<AmqpConnection> AgentWithQueue(const std::string& queue) {
    auto agent = MustConnect(relay().AgentUrl());
    if (!agent) return nullptr;
    EXPECT_TRUE(agent->DeclareQueue(queue).ok());
    Status s = agent->BindQueue(queue, kToAgentsExchange, queue);
    EXPECT_TRUE(s.ok()) << s.message();
    return agent;
  }
  // Receives until `count` deliveries arrived or 10 s passed.
  static std::vector<Delivery> ReceiveAll(AmqpConnection& conn, size_t count) {
    std::vector<Delivery> all;
    auto deadline = std::chrono::steady_clock::now() + seconds(10);
    while (all.size() < count && std::chrono::steady_clock::now() < deadline) {
      auto got = conn.Receive(count - all.size(), milliseconds(500));
      EXPECT_TRUE(got.ok()) << got.error();
      if (!got) break;
      for (auto& d : *got)
        all.push_back(std::move(d));
    }
    return all;
  }
};

TEST_F(Messaging, CommandReachesTheAgentWithProtocolProperties) {
  auto scheduler = Scheduler();
  ASSERT_NE(scheduler, nullptr);
  const std::string queue = UniqueQueue();
  auto agent = AgentWithQueue(queue);
  ASSERT_NE(agent, nullptr);
  ASSERT_TRUE(agent->SetPrefetch(1).ok());
  auto tag = agent->Consume(queue);
  ASSERT_TRUE(tag.ok()) << tag.error();

  ASSERT_TRUE(scheduler->EnableConfirms().ok());
  const Time now = Time::Now();
  auto props = CommandProperties(now.AddSeconds(120), now);
  ASSERT_TRUE(props.ok());
  const std::string body = R"({"id":1,"status":"sent"})";
  auto seq = scheduler->Publish(kToAgentsExchange, queue, body, *props);
  ASSERT_TRUE(seq.ok()) << seq.error();
  EXPECT_EQ(*seq, 1u);
  auto failures = scheduler->WaitConfirms(seconds(10));
  ASSERT_TRUE(failures.ok()) << failures.error();
  EXPECT_TRUE(failures->empty());
  EXPECT_EQ(scheduler->unconfirmed(), 0u);

  auto got = ReceiveAll(*agent, 1);
  ASSERT_EQ(got.size(), 1u);
  const Delivery& d = got[0];
  EXPECT_EQ(d.body, body);
  EXPECT_EQ(d.exchange, "toagents");
  EXPECT_EQ(d.routing_key, queue);
  EXPECT_EQ(d.delivery_mode, 2);
  EXPECT_TRUE(d.properties.persistent);
  EXPECT_EQ(d.properties.content_type, "text/plain");
  EXPECT_EQ(d.properties.timestamp, now.Unix());
  EXPECT_EQ(d.properties.expiration, "120000");
  EXPECT_FALSE(d.redelivered);
  EXPECT_TRUE(agent->Ack(d.delivery_tag).ok());
  EXPECT_TRUE(agent->DeleteQueue(queue).ok());
}

TEST_F(Messaging, ResultsAndHeartbeatsReachTheScheduler) {
  auto scheduler = Scheduler();
  ASSERT_NE(scheduler, nullptr);
  for (auto q : {kResultsQueue, kHeartbeatsQueue}) {
    ASSERT_TRUE(scheduler->DeclareQueue(q).ok());
    ASSERT_TRUE(scheduler->BindQueue(q, kToSchedulersExchange, q).ok());
    ASSERT_TRUE(scheduler->PurgeQueue(q).ok());
  }
  auto agent = MustConnect(relay().AgentUrl());
  ASSERT_NE(agent, nullptr);
  ASSERT_TRUE(agent->EnableConfirms().ok());
  auto props = ResultProperties(seconds(300));
  ASSERT_TRUE(props.ok());
  ASSERT_TRUE(agent->Publish(kToSchedulersExchange, kResultsQueue, "{\"r\":1}", *props).ok());
  ASSERT_TRUE(agent->Publish(kToSchedulersExchange, kHeartbeatsQueue, "{\"h\":1}", *props).ok());
  auto failures = agent->WaitConfirms(seconds(10));
  ASSERT_TRUE(failures.ok()) << failures.error();
  EXPECT_TRUE(failures->empty());

  auto result = scheduler->Get(kResultsQueue, /*auto_ack=*/true);
  ASSERT_TRUE(result.ok()) << result.error();
  ASSERT_TRUE(result->has_value());
  EXPECT_EQ((*result)->body, "{\"r\":1}");
  EXPECT_EQ((*result)->properties.expiration, "3000000");
  EXPECT_EQ((*result)->properties.content_type, "text/plain");
  EXPECT_EQ((*result)->delivery_mode, 2);
  EXPECT_FALSE((*result)->properties.timestamp.has_value());
  auto heartbeat = scheduler->Get(kHeartbeatsQueue, true);
  ASSERT_TRUE(heartbeat.ok() && heartbeat->has_value());
  EXPECT_EQ((*heartbeat)->body, "{\"h\":1}");
  auto empty = scheduler->Get(kResultsQueue, true);
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty->has_value());
}

TEST_F(Messaging, PublishToMissingQueueIsReportedUnroutable) {
  auto scheduler = Scheduler();
  ASSERT_NE(scheduler, nullptr);
  const std::string queue = UniqueQueue();
  const std::string missing = UniqueQueue(".missing");
  auto agent = AgentWithQueue(queue);
  ASSERT_NE(agent, nullptr);
  ASSERT_TRUE(scheduler->EnableConfirms().ok());
  MessageProperties props;
  ASSERT_EQ(*scheduler->Publish(kToAgentsExchange, queue, "a", props), 1u);
  ASSERT_EQ(*scheduler->Publish(kToAgentsExchange, missing, "b", props), 2u);
  ASSERT_EQ(*scheduler->Publish(kToAgentsExchange, queue, "c", props), 3u);
  auto failures = scheduler->WaitConfirms(seconds(10));
  ASSERT_TRUE(failures.ok()) << failures.error();
  ASSERT_EQ(failures->size(), 1u);
  const PublishFailure& f = (*failures)[0];
  EXPECT_EQ(f.kind, PublishFailure::Kind::kUnroutable);
  EXPECT_EQ(f.sequence, 2u);
  EXPECT_EQ(f.exchange, "toagents");
  EXPECT_EQ(f.routing_key, missing);
  EXPECT_NE(f.reason.find("NO_ROUTE"), std::string::npos) << f.reason;
  auto info = agent->InspectQueue(queue);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->messages, 2u);
  EXPECT_TRUE(agent->DeleteQueue(queue).ok());
}

TEST_F(Messaging, PipelinedBatchIsFullyConfirmedAndConsumedManyPerWait) {
  auto scheduler = Scheduler();
  ASSERT_NE(scheduler, nullptr);
  const std::string queue = UniqueQueue();
  auto agent = AgentWithQueue(queue);
  ASSERT_NE(agent, nullptr);
  ASSERT_TRUE(scheduler->EnableConfirms().ok());
  constexpr int kCount = 3000;
  for (int i = 0; i < kCount; ++i) {
    auto seq = scheduler->Publish(kToAgentsExchange, queue, "m" + std::to_string(i), {});
    ASSERT_TRUE(seq.ok()) << seq.error();
    ASSERT_EQ(*seq, static_cast<uint64_t>(i + 1));
  }
  auto failures = scheduler->WaitConfirms(seconds(30));
  ASSERT_TRUE(failures.ok()) << failures.error();
  EXPECT_TRUE(failures->empty());
  EXPECT_EQ(scheduler->unconfirmed(), 0u);
  auto info = agent->InspectQueue(queue);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->messages, static_cast<uint32_t>(kCount));

  ASSERT_TRUE(agent->SetPrefetch(500).ok());
  ASSERT_TRUE(agent->Consume(queue).ok());
  size_t largest_batch = 0;
  std::vector<Delivery> all;
  while (all.size() < kCount) {
    auto got = agent->Receive(1000, seconds(5));
    ASSERT_TRUE(got.ok()) << got.error();
    ASSERT_FALSE(got->empty()) << "stalled after " << all.size();
    largest_batch = std::max(largest_batch, got->size());
    ASSERT_TRUE(agent->Ack(got->back().delivery_tag, /*multiple=*/true).ok());
    for (auto& d : *got)
      all.push_back(std::move(d));
  }
  EXPECT_GT(largest_batch, 1u);
  for (int i = 0; i < kCount; ++i)
    ASSERT_EQ(all[i].body, "m" + std::to_string(i));
  EXPECT_TRUE(agent->DeleteQueue(queue).ok());
}

TEST_F(Messaging, AgentAccountCannotPublishToAgents) {
  const std::string queue = UniqueQueue();
  auto agent = AgentWithQueue(queue);
  ASSERT_NE(agent, nullptr);
  ASSERT_TRUE(agent->EnableConfirms().ok());
  auto seq = agent->Publish(kToAgentsExchange, queue, "{\"forged\":true}", {});
  Status error = seq.status();
  if (seq) error = agent->WaitConfirms(seconds(10)).status();
  ASSERT_FALSE(error.ok()) << "agent could publish to toagents";
  EXPECT_NE(error.message().find("ACCESS_REFUSED"), std::string::npos) << error.message();
  EXPECT_NE(error.message().find("toagents"), std::string::npos) << error.message();
  // Nothing arrived, and the agent's connection is still usable.
  ASSERT_TRUE(agent->is_open());
  auto info = agent->InspectQueue(queue);
  ASSERT_TRUE(info.ok()) << info.error();
  EXPECT_EQ(info->messages, 0u);
  // Nor may the agent declare exchanges.
  Status declare = agent->DeclareExchange("toagents-rogue");
  EXPECT_NE(declare.message().find("ACCESS_REFUSED"), std::string::npos) << declare.message();
  EXPECT_TRUE(agent->DeleteQueue(queue).ok());
}

TEST_F(Messaging, BodiesAreOpaqueBytes) {
  auto scheduler = Scheduler();
  ASSERT_NE(scheduler, nullptr);
  const std::string queue = UniqueQueue();
  auto agent = AgentWithQueue(queue);
  ASSERT_NE(agent, nullptr);
  ASSERT_TRUE(scheduler->EnableConfirms().ok());
  const std::vector<std::string> bodies = {
      "", "{", "not json at all", std::string("\0\x01\xff\xfe", 4), "}{\"a\":", "\xc3\x28"};
  for (const auto& b : bodies)
    ASSERT_TRUE(scheduler->Publish(kToAgentsExchange, queue, b, {}));
  ASSERT_TRUE(scheduler->WaitConfirms(seconds(10)).ok());
  for (const auto& b : bodies) {
    auto got = agent->Get(queue, true);
    ASSERT_TRUE(got.ok()) << got.error();
    ASSERT_TRUE(got->has_value());
    EXPECT_EQ((*got)->body, b);
  }
  EXPECT_TRUE(agent->DeleteQueue(queue).ok());
}

TEST_F(Messaging, LargeMessagesRoundTrip) {
  auto scheduler = Scheduler();
  ASSERT_NE(scheduler, nullptr);
  const std::string queue = UniqueQueue();
  auto agent = AgentWithQueue(queue);
  ASSERT_NE(agent, nullptr);
  std::string body(16 * 1024 * 1024 + 7, '\0');
  std::mt19937 rng(7);
  for (auto& c : body)
    c = static_cast<char>(rng());
  ASSERT_TRUE(scheduler->EnableConfirms().ok());
  ASSERT_TRUE(scheduler->Publish(kToAgentsExchange, queue, body, {}).ok());
  auto failures = scheduler->WaitConfirms(seconds(30));
  ASSERT_TRUE(failures.ok()) << failures.error();
  ASSERT_TRUE(agent->Consume(queue).ok());
  auto got = ReceiveAll(*agent, 1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].body.size(), body.size());
  EXPECT_TRUE(got[0].body == body);
  EXPECT_TRUE(agent->DeleteQueue(queue).ok());
}

// [mq] maxresultsize: a body over the connection's max_body_bytes is read
// frame by frame and thrown away (its properties and size kept), and the
// deliveries after it arrive whole: the connection stays in step.
TEST_F(Messaging, OversizedBodyIsDiscardedAndTheNextOneArrives) {
  auto scheduler = Scheduler();
  ASSERT_NE(scheduler, nullptr);
  const std::string queue = UniqueQueue();
  auto agent = AgentWithQueue(queue);
  ASSERT_NE(agent, nullptr);
  ASSERT_TRUE(scheduler->EnableConfirms().ok());
  const std::string big(5 * 1024 * 1024 + 3, 'x');
  const std::string limit_sized(1024 * 1024, 'y');
  MessageProperties props;
  props.content_type = "text/plain";
  for (const std::string* b : {&big, &limit_sized, &big})
    ASSERT_TRUE(scheduler->Publish(kToAgentsExchange, queue, *b, props).ok());
  ASSERT_TRUE(scheduler->Publish(kToAgentsExchange, queue, "after", props).ok());
  ASSERT_TRUE(scheduler->WaitConfirms(seconds(30)).ok());

  auto url = ParseRelayUrl(relay().AgentUrl());
  ASSERT_TRUE(url.ok());
  ConnectOptions options = OptionsFor(*url);
  options.max_body_bytes = 1024 * 1024;
  auto limited = AmqpConnection::Open(options);
  ASSERT_TRUE(limited.ok()) << limited.error();
  auto got = (*limited)->Get(queue, true);  // basic.get reads content the same way
  ASSERT_TRUE(got.ok() && got->has_value()) << got.error();
  EXPECT_TRUE((*got)->oversized);
  EXPECT_EQ((*got)->body_size, big.size());
  EXPECT_TRUE((*got)->body.empty());
  EXPECT_EQ((*got)->properties.content_type, "text/plain");
  ASSERT_TRUE((*limited)->Consume(queue).ok());
  auto rest = ReceiveAll(**limited, 3);
  ASSERT_EQ(rest.size(), 3u);
  EXPECT_FALSE(rest[0].oversized) << "a body of exactly the limit is kept";
  EXPECT_EQ(rest[0].body, limit_sized);
  EXPECT_TRUE(rest[1].oversized);
  EXPECT_TRUE(rest[1].body.empty());
  EXPECT_FALSE(rest[2].oversized);
  EXPECT_EQ(rest[2].body, "after");
  EXPECT_TRUE((*limited)->Ack(rest[2].delivery_tag, true).ok());
  EXPECT_TRUE(agent->DeleteQueue(queue).ok());
}

// Receive's byte budget: deliveries beyond it stay for the next call.
TEST_F(Messaging, ReceiveStopsAtItsByteBudget) {
  auto scheduler = Scheduler();
  ASSERT_NE(scheduler, nullptr);
  const std::string queue = UniqueQueue();
  auto agent = AgentWithQueue(queue);
  ASSERT_NE(agent, nullptr);
  ASSERT_TRUE(scheduler->EnableConfirms().ok());
  const std::string body(100 * 1024, 'z');
  for (int i = 0; i < 10; ++i)
    ASSERT_TRUE(scheduler->Publish(kToAgentsExchange, queue, body, {}).ok());
  ASSERT_TRUE(scheduler->WaitConfirms(seconds(30)).ok());
  ASSERT_TRUE(agent->Consume(queue).ok());
  std::this_thread::sleep_for(milliseconds(500));  // all ten in the socket
  auto first = agent->Receive(100, seconds(5), 250 * 1024);
  ASSERT_TRUE(first.ok()) << first.error();
  EXPECT_EQ(first->size(), 3u) << "stops once 250 KiB are reached";
  auto one = agent->Receive(100, seconds(5), 1);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->size(), 1u) << "the first delivery whatever its size";
  auto rest = ReceiveAll(*agent, 6);
  EXPECT_EQ(rest.size(), 6u);
  EXPECT_TRUE(agent->DeleteQueue(queue).ok());
}

TEST_F(Messaging, NackWithRequeueRedelivers) {
  auto scheduler = Scheduler();
  ASSERT_NE(scheduler, nullptr);
  const std::string queue = UniqueQueue();
  auto agent = AgentWithQueue(queue);
  ASSERT_NE(agent, nullptr);
  ASSERT_TRUE(scheduler->EnableConfirms().ok());
  ASSERT_TRUE(scheduler->Publish(kToAgentsExchange, queue, "again", {}).ok());
  ASSERT_TRUE(scheduler->WaitConfirms(seconds(10)).ok());
  auto first = agent->Get(queue);
  ASSERT_TRUE(first.ok() && first->has_value());
  EXPECT_FALSE((*first)->redelivered);
  ASSERT_TRUE(agent->Nack((*first)->delivery_tag, /*requeue=*/true).ok());
  auto second = agent->Get(queue);
  ASSERT_TRUE(second.ok() && second->has_value());
  EXPECT_TRUE((*second)->redelivered);
  EXPECT_EQ((*second)->body, "again");
  ASSERT_TRUE(agent->Ack((*second)->delivery_tag).ok());
  EXPECT_TRUE(agent->DeleteQueue(queue).ok());
}

TEST_F(Messaging, ExpiredCommandIsDroppedByTheRelay) {
  auto scheduler = Scheduler();
  ASSERT_NE(scheduler, nullptr);
  const std::string queue = UniqueQueue();
  auto agent = AgentWithQueue(queue);
  ASSERT_NE(agent, nullptr);
  MessageProperties short_lived;
  short_lived.expiration = "1";
  ASSERT_TRUE(scheduler->EnableConfirms().ok());
  ASSERT_TRUE(scheduler->Publish(kToAgentsExchange, queue, "late", short_lived).ok());
  ASSERT_TRUE(scheduler->WaitConfirms(seconds(10)).ok());
  std::this_thread::sleep_for(milliseconds(200));
  auto got = agent->Get(queue, true);
  ASSERT_TRUE(got.ok()) << got.error();
  EXPECT_FALSE(got->has_value()) << "expired message was delivered";
  EXPECT_TRUE(agent->DeleteQueue(queue).ok());
}

}  // namespace
}  // namespace mig::relay::test
