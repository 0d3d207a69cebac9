// The dispatcher on a real RabbitMQ and a SQLite store must not wait for
// publisher confirms. With persistent commands RabbitMQ confirms each one
// only once its agent's queue has synced it to disk, one fsync per queue: at
// 10,000 agents that took minutes on a loaded machine, and the dispatcher's
// blocking 60 s confirm wait failed the benchmark's second action. Here the
// relay holds every confirm back (a memory alarm blocks publishers, as a slow
// disk would delay them) and the dispatcher must keep going, then settle.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "rabbitmq_server.h"
#include "relay/amqp_connection.h"
#include "relay/topology.h"
#include "scheduler/dispatcher.h"
#include "store/store.h"
#include "test_env.h"

namespace mig {
namespace {

using Clock = std::chrono::steady_clock;

std::unique_ptr<relay::AmqpConnection> Connect(const std::string& url) {
  relay::ConnectOptions o;
  o.url = *relay::ParseRelayUrl(url);
  auto c = relay::AmqpConnection::Open(o);
  EXPECT_TRUE(c.ok()) << c.error();
  return c.ok() ? std::move(*c) : nullptr;
}

Action FileAction() {
  Action a;
  a.name = "confirm-test";
  a.target = "status='online'";
  a.description.author = "Jane";
  a.threat.family = "test";
  a.valid_from = Time::Now().AddSeconds(-5);
  a.expire_after = Time::Now().AddSeconds(600);
  a.operations = std::vector<Operation>{
      {"file", Json::parse(R"({"searches":{"s1":{"paths":["/etc"]}}})"), false, false}};
  a.pgp_signatures = {"wsBcBAABCAAQBQJ==gvMa"};
  a.syntax_version = 2;
  return a;
}

// An online daemon agent's heartbeat.
store::Heartbeat AgentHeartbeat(const std::string& name, const std::string& queue_loc,
                                int64_t pid) {
  store::Heartbeat hb;
  hb.agent.name = name;
  hb.agent.queue_loc = queue_loc;
  hb.agent.mode = "daemon";
  hb.agent.version = "1";
  hb.agent.pid = pid;
  hb.agent.refresh_time = Time::Now();
  return hb;
}

// The agent's queue, bound to toagents as an agent declares it; its name.
std::string DeclareAgentQueue(relay::AmqpConnection& agent, const std::string& queue_loc) {
  const std::string queue = relay::AgentQueueName(queue_loc);
  EXPECT_TRUE(agent.DeclareQueue(queue).ok());
  EXPECT_TRUE(agent.BindQueue(queue, relay::kToAgentsExchange, queue).ok());
  return queue;
}

std::string ActionStatus(store::Store& st, Id id) {
  auto a = st.GetAction(id);
  return a.ok() && a->has_value() ? (*a)->status : "?";
}

TEST(Dispatcher, KeepsGoingWhileTheRelayHoldsConfirmsBack) {
  if (!test::RabbitMqServer::Installed()) GTEST_SKIP() << "rabbitmq-server is not installed";
  auto relay = test::RabbitMqServer::Start();
  ASSERT_TRUE(relay.ok()) << relay.error();
  test::TempDir dir;
  auto st = store::OpenSqliteStore(dir.Sub("mig.db"));
  ASSERT_TRUE(st.ok()) << st.error();
  store::Store& store = **st;

  auto scheduler = Connect((*relay)->SchedulerUrl());
  auto agent = Connect((*relay)->AgentUrl());
  ASSERT_TRUE(scheduler && agent);
  ASSERT_TRUE(scheduler->DeclareExchange(relay::kToAgentsExchange).ok());
  ASSERT_TRUE(scheduler->EnableConfirms().ok());
  std::vector<store::Heartbeat> hbs;
  for (int i = 0; i < 3; ++i) {
    const std::string loc = "linux.confirm" + std::to_string(i);
    DeclareAgentQueue(*agent, loc);
    hbs.push_back(AgentHeartbeat("host" + std::to_string(i), loc, 100 + i));
  }
  ASSERT_TRUE(store.UpsertHeartbeats(hbs, Time::Now(), store::AgentTimers{}).ok());
  Action action = FileAction();
  ASSERT_TRUE(store.InsertAction(action, {}).ok());

  // From here the relay accepts our publishes but confirms none of them.
  auto alarm = (*relay)->Ctl("set_vm_memory_high_watermark absolute 1");
  ASSERT_EQ(alarm.exit_code, 0) << alarm.output;
  // Wait until the node has raised its memory alarm (it blocks publishers).
  bool raised = false;
  for (const auto until = Clock::now() + std::chrono::seconds(15);
       !raised && Clock::now() < until;) {
    raised = (*relay)->Ctl("eval 'rabbit_alarm:get_alarms().'").output.find("memory") !=
             std::string::npos;
    if (!raised) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(raised) << "the memory alarm did not go up";

  scheduler::Dispatcher dispatcher(store, *scheduler);
  const auto t0 = Clock::now();
  auto tick = dispatcher.Tick(Time::Now());
  const auto took = Clock::now() - t0;
  ASSERT_TRUE(tick.ok()) << tick.error();
  EXPECT_LT(took, std::chrono::seconds(10)) << "the dispatcher waited for the confirms";
  EXPECT_EQ(ActionStatus(store, action.id), "preparing") << "moved on before any confirm";
  EXPECT_EQ(dispatcher.unsettled(), 3u);

  // The relay catches up: the next ticks settle the confirms.
  auto lift = (*relay)->Ctl("set_vm_memory_high_watermark 0.4");
  ASSERT_EQ(lift.exit_code, 0) << lift.output;
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  while (ActionStatus(store, action.id) == "preparing" && Clock::now() < deadline) {
    auto t = dispatcher.Tick(Time::Now());
    ASSERT_TRUE(t.ok()) << t.error();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(ActionStatus(store, action.id), "inflight");
  EXPECT_EQ(dispatcher.unsettled(), 0u);
  for (int i = 0; i < 3; ++i) {
    auto q = agent->InspectQueue(relay::AgentQueueName("linux.confirm" + std::to_string(i)));
    ASSERT_TRUE(q.ok()) << q.error();
    EXPECT_EQ(q->messages, 1u) << "queue " << i;
  }
}

// An idle scheduler's publishing connection must answer the broker's AMQP
// heartbeats: before, the broker closed it for missed heartbeats between
// actions and the next action failed once.
TEST(Dispatcher, IdleConnectionSurvivesShortAmqpHeartbeats) {
  if (!test::RabbitMqServer::Installed()) GTEST_SKIP() << "rabbitmq-server is not installed";
#if defined(__SANITIZE_ADDRESS__)
  // In the sanitizer run this suite's second RabbitMQ node did not boot
  // within 240 s (seen once, not understood yet); the release run covers it.
  GTEST_SKIP() << "release build only";
#endif
  auto relay = test::RabbitMqServer::Start();
  ASSERT_TRUE(relay.ok()) << relay.error();
  test::TempDir dir;
  auto st = store::OpenSqliteStore(dir.Sub("mig.db"));
  ASSERT_TRUE(st.ok()) << st.error();
  store::Store& store = **st;

  relay::ConnectOptions o;
  o.url = *relay::ParseRelayUrl((*relay)->SchedulerUrl());
  o.heartbeat = std::chrono::seconds(1);  // the broker gives up after ~2 s of silence
  auto opened = relay::AmqpConnection::Open(o);
  ASSERT_TRUE(opened.ok()) << opened.error();
  relay::AmqpConnection& scheduler = **opened;
  ASSERT_TRUE(scheduler.DeclareExchange(relay::kToAgentsExchange).ok());
  ASSERT_TRUE(scheduler.EnableConfirms().ok());
  auto agent = Connect((*relay)->AgentUrl());
  ASSERT_TRUE(agent);
  const std::string queue = DeclareAgentQueue(*agent, "linux.idle0");

  scheduler::Dispatcher dispatcher(store, scheduler);
  // Six seconds of idle ticks (three times the broker's patience).
  const auto idle_until = Clock::now() + std::chrono::seconds(6);
  while (Clock::now() < idle_until) {
    auto t = dispatcher.Tick(Time::Now());
    ASSERT_TRUE(t.ok()) << "idle tick failed: " << t.error();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  ASSERT_TRUE(store
                  .UpsertHeartbeats({AgentHeartbeat("idlehost", "linux.idle0", 100)}, Time::Now(),
                                    store::AgentTimers{})
                  .ok());
  Action action = FileAction();
  ASSERT_TRUE(store.InsertAction(action, {}).ok());
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (ActionStatus(store, action.id) != "inflight" && Clock::now() < deadline) {
    auto t = dispatcher.Tick(Time::Now());
    ASSERT_TRUE(t.ok()) << "the connection did not survive the idle time: " << t.error();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(ActionStatus(store, action.id), "inflight");
  auto q = agent->InspectQueue(queue);
  ASSERT_TRUE(q.ok()) << q.error();
  EXPECT_EQ(q->messages, 1u);
}

}  // namespace
}  // namespace mig
