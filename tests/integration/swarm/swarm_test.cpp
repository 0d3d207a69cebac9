// The swarm's input checks, and the CI variant of the dispatch benchmark:
// 1,000 simulated agents on a private RabbitMQ answer one action posted to
// the real mig-api and dispatched by the real mig-scheduler, on SQLite and
// on PostgreSQL. Checks that every result is stored, never how fast.
#include <gtest/gtest.h>

#include "delay.h"
#include "measure.h"
#include "rabbitmq_server.h"
#include "swarm.h"

namespace mig::bench {
namespace {

TEST(SwarmDelay, ParsesEveryForm) {
  std::mt19937_64 rng(7);
  auto fixed = Delay::Parse("250ms");
  ASSERT_TRUE(fixed.ok()) << fixed.error();
  EXPECT_EQ(fixed->Draw(rng), std::chrono::milliseconds(250));
  auto secs = Delay::Parse("1.5s");
  ASSERT_TRUE(secs.ok());
  EXPECT_EQ(secs->Draw(rng), std::chrono::milliseconds(1500));
  auto uni = Delay::Parse("uniform:10ms:20ms");
  ASSERT_TRUE(uni.ok()) << uni.error();
  for (int i = 0; i < 100; ++i) {
    auto d = uni->Draw(rng);
    EXPECT_GE(d, std::chrono::milliseconds(10));
    EXPECT_LE(d, std::chrono::milliseconds(20));
  }
  auto ex = Delay::Parse("exp:100ms");
  ASSERT_TRUE(ex.ok());
  EXPECT_GE(ex->Draw(rng).count(), 0);
}

TEST(SwarmDelay, RejectsBadTextWithTheReason) {
  for (const char* bad : {"", "abc", "5 minutes", "-3ms", "uniform:5ms", "uniform:x:1s",
                          "uniform:200ms:10ms", "exp:0", "exp:"}) {
    auto d = Delay::Parse(bad);
    ASSERT_FALSE(d.ok()) << bad;
    EXPECT_NE(d.error().find("delay \""), std::string::npos) << d.error();
  }
  EXPECT_NE(Delay::Parse("uniform:200ms:10ms").error().find("below the low bound"),
            std::string::npos);
}

TEST(SwarmOptionsCheck, RejectsImpossibleSwarms) {
  EXPECT_FALSE(ParseVerifyMode("sometimes").ok());
  EXPECT_EQ(*ParseVerifyMode("none"), VerifyMode::kNone);
  SwarmOptions o;
  o.verify = VerifyMode::kNone;
  o.agents = 0;
  EXPECT_NE(Swarm::Start(o).error().find("must be > 0"), std::string::npos);
  o.agents = 10;
  o.silent_fraction = 0.7;
  o.offline_fraction = 0.6;
  EXPECT_NE(Swarm::Start(o).error().find("exceed 1"), std::string::npos);
  o.silent_fraction = 1.5;
  EXPECT_NE(Swarm::Start(o).error().find("[0, 1]"), std::string::npos);
  o.silent_fraction = o.offline_fraction = 0;
  o.verify = VerifyMode::kOnce;
  EXPECT_NE(Swarm::Start(o).error().find("public key"), std::string::npos);
}

TEST(SwarmQueueLocs, HaveMigShapeAndDependOnSeed) {
  const std::string q = SwarmQueueLoc(1, 0);
  EXPECT_EQ(q.rfind("linux.", 0), 0u);
  EXPECT_GE(q.size() - 6, 80u);
  EXPECT_EQ(q, SwarmQueueLoc(1, 0));
  EXPECT_NE(q, SwarmQueueLoc(1, 1));
  EXPECT_NE(q, SwarmQueueLoc(2, 0));
}

// 1,000 agents on two connections, one timed action, no heartbeat window.
RunOptions ThousandAgents(const std::string& store) {
  RunOptions o;
  o.platform.store = store;
  o.agents = 1000;
  o.connections = 2;
  o.actions = 1;
  o.heartbeat_window_s = 0;
  return o;
}

class DispatchCi : public ::testing::TestWithParam<std::string> {};

TEST_P(DispatchCi, ThousandAgentsAnswerOneAction) {
  if (!test::RabbitMqServer::Installed()) GTEST_SKIP() << "rabbitmq-server is not installed";
  RunOptions o = ThousandAgents(GetParam());
  o.action_timeout_s = 90;
  auto r = RunDispatch(o);
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(r->actions.size(), 1u);
  EXPECT_EQ(r->actions[0].results, 1000);
  EXPECT_EQ(r->actions[0].successes, 1000);
  EXPECT_GT(r->actions[0].first_result_ms, 0);
  EXPECT_GE(r->actions[0].completion_ms, r->actions[0].first_result_ms);
}

INSTANTIATE_TEST_SUITE_P(Stores, DispatchCi, ::testing::Values("sqlite", "postgres"));

// The minute-long variant of the benchmark's hour-long soak: an action every
// 5 s over 1,000 agents, every result stored; the scheduler and the API must
// end the minute with the memory they had after the first period, within 10%
// plus 10 MiB: in one minute, bounded caches are still filling (SQLite's page
// cache, 2 MiB for each of the scheduler's four connections) and the
// scheduler returns freed memory only every 10 s, so its RSS saw-tooths by a
// few MiB. Keeping each action's commands (a few MiB per action here) would
// still fail it.
TEST(SoakCi, MemoryStaysFlatOverAMinuteOfActions) {
  if (!test::RabbitMqServer::Installed()) GTEST_SKIP() << "rabbitmq-server is not installed";
  RunOptions o = ThousandAgents("sqlite");
  o.action_timeout_s = 60;
  o.duration_s = 60;
  o.soak_interval_s = 5;
  auto r = RunDispatch(o);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_GE(r->soak_actions, 8);
  ASSERT_GT(r->soak_first_period_mib, 0);
  constexpr double kFillingCachesMib = 10;
  EXPECT_LE(r->soak_end_mib, r->soak_first_period_mib * 1.10 + kFillingCachesMib)
      << "scheduler RSS grew from " << r->soak_first_period_mib << " MiB";
  ASSERT_GT(r->soak_api_first_mib, 0);
  EXPECT_LE(r->soak_api_end_mib, r->soak_api_first_mib * 1.10 + kFillingCachesMib)
      << "API RSS grew from " << r->soak_api_first_mib << " MiB";
}

}  // namespace
}  // namespace mig::bench
