// Heartbeats through the relay declare their agent's heartbeat interval
// (the AMQP expiration, 10 x the interval): the agent's status follows it.
#include <gtest/gtest.h>

#include "core/time.h"
#include "scheduler/ingest.h"
#include "store/store.h"
#include "test_env.h"

namespace mig::scheduler {
namespace {

std::string HeartbeatBody(const std::string& queue_loc, int pid, const Time& at) {
  return R"({"name":"host-)" + queue_loc + R"(","queueloc":")" + queue_loc +
         R"(","mode":"daemon","version":"1","pid":)" + std::to_string(pid) + R"(,"starttime":")" +
         FormatTime(at) + R"(","heartbeatts":")" + FormatTime(at) + R"(","refreshts":")" +
         FormatTime(at) + R"(","environment":{"os":"linux"},"tags":{}})";
}

TEST(IngestHeartbeats, StatusFollowsTheIntervalTheMessageDeclares) {
  test::TempDir dir;
  auto st = store::OpenSqliteStore(dir.Sub("mig.db"));
  ASSERT_TRUE(st.ok()) << st.error();
  store::Store& store = **st;
  HeartbeatRules rules;
  rules.timers.heartbeat_freq_seconds = 10;
  rules.timers.agent_timeout_seconds = 60;
  rules.senders.accept_shared_account = true;  // no user-id in these messages
  const Time now = Time::Now();
  std::vector<RelayMessage> messages = {
      {HeartbeatBody("linux.slow", 1, now), std::nullopt, std::string("3000000")},  // 300 s
      {HeartbeatBody("linux.fast", 2, now), std::nullopt, std::string("100000")},   // 10 s
      {HeartbeatBody("linux.none", 3, now), std::nullopt, std::nullopt},
      {HeartbeatBody("linux.junk", 4, now), std::nullopt, std::string("-5")},
  };
  auto stats = IngestHeartbeats(store, messages, rules, now);
  ASSERT_TRUE(stats.ok()) << stats.error();
  EXPECT_EQ(stats->accepted, 4);
  ASSERT_TRUE(store.MarkIdleAndOffline(now.AddSeconds(60), rules.timers).ok());
  auto status = [&](const std::string& queue_loc) {
    store::AgentQuery q;
    auto agents = store.SearchAgents(q);
    EXPECT_TRUE(agents.ok()) << agents.error();
    if (agents.ok())
      for (const auto& a : *agents)
        if (a.queue_loc == queue_loc) return a.status;
    return std::string("?");
  };
  EXPECT_EQ(status("linux.slow"), "online");
  EXPECT_EQ(status("linux.fast"), "idle");
  EXPECT_EQ(status("linux.none"), "idle");  // the scheduler's own heartbeatfreq
  EXPECT_EQ(status("linux.junk"), "idle");  // an implausible declaration is ignored
}

}  // namespace
}  // namespace mig::scheduler
