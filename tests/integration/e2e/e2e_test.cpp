// An investigation end to end, on real processes: signed actions go through
// the store, a real mig-scheduler, a private RabbitMQ and real mig-agents, and
// the answers land in the store. Each test runs on SQLite and on PostgreSQL.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "core/documents_json.h"
#include "relay/amqp_connection.h"
#include "relay/relay_url.h"
#include "relay/topology.h"
#include "stack.h"

namespace mig::test {
namespace {

Json FileSearch() {
  return Json::parse(R"({"searches":{"s1":{"paths":["/etc"],"names":["^passwd$"],
                          "contents":["^root:"],"options":{"maxdepth":1}}}})");
}

// A UDP port on loopback that receives and never answers: a ping to it
// waits its whole timeout, which makes a command slow on purpose.
class SilentUdpPort {
 public:
  SilentUdpPort() {
    fd_ = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
  }
  ~SilentUdpPort() { close(fd_); }
  int port() const { return port_; }

 private:
  int fd_;
  int port_;
};

Json SlowPing(int port, int count, int timeout) {
  return Json{{"destination", "127.0.0.1"},
              {"destinationport", port},
              {"protocol", "udp"},
              {"count", count},
              {"timeout", timeout}};
}

class EndToEnd : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ASSERT_NE(SharedPlatform::Get().relay, nullptr);
    stack_ = std::make_unique<Stack>(GetParam());
  }
  // Scheduler and three agents: two tagged team=blue, one team=red.
  void StartPlatform(const std::string& extra_agent_config = "") {
    stack_->StartScheduler();
    stack_->StartAgent("team:blue", extra_agent_config);
    stack_->StartAgent("team:blue", extra_agent_config);
    stack_->StartAgent("team:red", extra_agent_config);
    ASSERT_TRUE(stack_->WaitForAgents(3));
  }
  std::unique_ptr<Stack> stack_;
};

TEST_P(EndToEnd, ActionReachesEveryAgentAndResultsLand) {
  StartPlatform();
  const auto t0 = std::chrono::steady_clock::now();
  Id id = stack_->Submit(stack_->MakeAction("status='online'", {{"file", FileSearch()}}));
  Action done = stack_->WaitForAction(id, {"completed"});
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
          .count();
  std::cout << "[ e2e      ] " << GetParam() << ": 3 agents answered in " << ms << " ms\n";
  EXPECT_EQ(done.counters.sent, 3);
  EXPECT_EQ(done.counters.success, 3);
  auto commands = stack_->Commands(id);
  ASSERT_EQ(commands.size(), 3u);
  for (const auto& c : commands) {
    EXPECT_EQ(c.status, "success");
    ASSERT_EQ(c.results.size(), 1u);
    EXPECT_TRUE(c.results[0].found_anything);
    EXPECT_NE(c.results[0].elements.dump().find("/etc/passwd"), std::string::npos);
  }
}

TEST_P(EndToEnd, TargetPicksSomeAgents) {
  StartPlatform();
  Id id = stack_->Submit(stack_->MakeAction("tags->>'team' = 'blue'", {{"file", FileSearch()}}));
  Action done = stack_->WaitForAction(id, {"completed"});
  EXPECT_EQ(done.counters.sent, 2);
  EXPECT_EQ(done.counters.success, 2);
  for (const auto& c : stack_->Commands(id))
    EXPECT_EQ(c.agent.tags.at("team"), "blue");

  Id none = stack_->Submit(stack_->MakeAction("tags->>'team' = 'green'", {{"file", FileSearch()}}));
  EXPECT_EQ(stack_->WaitForAction(none, {"invalid"}).status, "invalid");
}

TEST_P(EndToEnd, RejectionsComeBackAsFailedCommandsWithTheReason) {
  StartPlatform();
  Action tampered = stack_->MakeAction("status='online'", {{"file", FileSearch()}});
  (*tampered.operations)[0].parameters["searches"]["s1"]["paths"] = Json::array({"/root"});
  Action denied = stack_->MakeAction("status='online'", {{"netstat", Json::object()}});
  Action unknown = stack_->MakeAction("status='online'", {{"nosuchmodule", Json::object()}});
  struct Case {
    Id id;
    std::string expect;
  } cases[] = {{stack_->Submit(tampered), "is not valid"},
               {stack_->Submit(denied), "insufficient signatures weight (need 5, got 1)"},
               {stack_->Submit(unknown), "module 'nosuchmodule' is not available"}};
  for (const auto& c : cases) {
    Action done = stack_->WaitForAction(c.id, {"completed"});
    EXPECT_EQ(done.counters.failed, 3) << c.expect;
    for (const auto& cmd : stack_->Commands(c.id)) {
      EXPECT_EQ(cmd.status, "failed");
      ASSERT_FALSE(cmd.results.empty());
      ASSERT_FALSE(cmd.results[0].errors.empty());
      EXPECT_NE(cmd.results[0].errors[0].find(c.expect), std::string::npos)
          << cmd.results[0].errors[0];
    }
  }
}

// Issue 13, finding 6: one signed action submitted again and again (a new
// action and command id each time) ran each time. Now it runs once; every
// replay, also after an agent restart, is a failed command saying why.
TEST_P(EndToEnd, ReplayedSignedActionRunsOnceEvenAfterAgentRestart) {
  StartPlatform();
  const Action signed_once = stack_->MakeAction("tags->>'team' = 'red'", {{"file", FileSearch()}});
  const Id first = stack_->Submit(signed_once);
  EXPECT_EQ(stack_->WaitForAction(first, {"completed"}).counters.success, 1);
  auto expect_refused = [&](Id id) {
    Action done = stack_->WaitForAction(id, {"completed"});
    EXPECT_EQ(done.counters.failed, 1);
    auto commands = stack_->Commands(id);
    ASSERT_EQ(commands.size(), 1u);
    EXPECT_EQ(commands[0].status, "failed");
    ASSERT_EQ(commands[0].results.size(), 1u);
    const ModuleResult& r = commands[0].results[0];
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_NE(r.errors[0].find("replay refused: signed action \"" + signed_once.name +
                               "\" was already run on this agent"),
              std::string::npos)
        << r.errors[0];
    // The module did not run: no finding, no elements.
    EXPECT_FALSE(r.found_anything);
    EXPECT_EQ(r.elements.dump().find("/etc/passwd"), std::string::npos);
  };
  expect_refused(stack_->Submit(signed_once));
  stack_->agent(2).Stop();
  stack_->agent(2).Restart();
  expect_refused(stack_->Submit(signed_once));
  // One ledger entry on disk for the one action that ran.
  size_t entries = 0;
  for (const auto& e :
       std::filesystem::directory_iterator(stack_->AgentRunDir(2) + "/journal/ran")) {
    entries += e.path().filename().string().size() == 64;
  }
  EXPECT_EQ(entries, 1u);
  auto commands = stack_->Commands(first);
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(commands[0].status, "success");
  // The same investigation signed anew is a new action and runs. (Signed
  // within the same second, with the same name, it would be the same signed
  // action: times are signed in seconds. The name tells them apart.)
  Action again = stack_->MakeAction("tags->>'team' = 'red'", {{"file", FileSearch()}});
  again.name += " (signed anew)";
  Stack::Sign(again);
  const Id fresh = stack_->Submit(again);
  EXPECT_EQ(stack_->WaitForAction(fresh, {"completed"}).counters.success, 1);
  for (const auto& c : stack_->Commands(fresh))
    for (const auto& r : c.results)
      for (const auto& e : r.errors)
        ADD_FAILURE() << "fresh action, command " << c.status << ": " << e;
}

TEST_P(EndToEnd, ExpiredActionIsNeverDispatched) {
  StartPlatform();
  Action late = stack_->MakeAction("status='online'", {{"file", FileSearch()}});
  late.valid_from = Time::Now().AddSeconds(-600);
  late.expire_after = Time::Now().AddSeconds(-300);
  Stack::Sign(late);
  Id id = stack_->Submit(late);
  EXPECT_EQ(stack_->WaitForAction(id, {"expired"}).status, "expired");
  EXPECT_TRUE(stack_->Commands(id).empty());
}

TEST_P(EndToEnd, ModuleTimeoutIsReported) {
  StartPlatform("    moduletimeout = 2s\n");
  SilentUdpPort silent;
  Id id = stack_->Submit(
      stack_->MakeAction("tags->>'team' = 'red'", {{"ping", SlowPing(silent.port(), 3, 3)}}));
  Action done = stack_->WaitForAction(id, {"completed"});
  EXPECT_EQ(done.counters.timeout, 1);
  for (const auto& c : stack_->Commands(id)) {
    EXPECT_EQ(c.status, "timeout") << WriteCommand(c);
  }
}

TEST_P(EndToEnd, AgentKilledMidCommandReportsItOnRestart) {
  StartPlatform();
  SilentUdpPort silent;
  Id id = stack_->Submit(
      stack_->MakeAction("tags->>'team' = 'red'", {{"ping", SlowPing(silent.port(), 4, 3)}}));
  // Wait until agent 2 has journaled the command, then kill it hard.
  const std::string inflight = stack_->AgentRunDir(2) + "/journal/inflight";
  bool journaled = false;
  for (int i = 0; i < 300 && !journaled; ++i) {
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(inflight, ec)) {
      journaled |= e.path().extension() == ".json";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (!journaled) {
    // Answered before the first look (a refusal is quick): say why.
    std::string why;
    for (const auto& c : stack_->Commands(id)) {
      why += c.status;
      for (const auto& r : c.results)
        for (const auto& e : r.errors)
          why += "; " + e;
    }
    FAIL() << "agent 2's journal never held the command; command: " << why;
  }
  stack_->agent(2).Kill();
  stack_->agent(2).Restart();
  Action done = stack_->WaitForAction(id, {"completed"});
  EXPECT_EQ(done.counters.failed, 1);
  auto commands = stack_->Commands(id);
  ASSERT_EQ(commands.size(), 1u);
  ASSERT_FALSE(commands[0].results.empty());
  ASSERT_FALSE(commands[0].results[0].errors.empty());
  EXPECT_NE(commands[0].results[0].errors[0].find("will not be run again"), std::string::npos);
}

TEST_P(EndToEnd, RelayRestartDuringAnAction) {
  StartPlatform();
  SilentUdpPort silent;
  Id id = stack_->Submit(
      stack_->MakeAction("status='online'", {{"ping", SlowPing(silent.port(), 2, 2)}}, 300));
  stack_->WaitForAction(id, {"inflight"});
  Status s = SharedPlatform::Get().relay->Restart();
  ASSERT_TRUE(s.ok()) << s.message();
  Action done = stack_->WaitForAction(id, {"completed"}, 120);
  EXPECT_EQ(done.counters.success, 3);
}

TEST_P(EndToEnd, SchedulerCrashBetweenInsertAndPublishIsRecovered) {
  StartPlatform();
  stack_->scheduler().Kill();
  // Do by hand what a scheduler does before it dies: claim, prepare, store
  // the commands, and never publish them.
  Id id = stack_->Submit(stack_->MakeAction("status='online'", {{"file", FileSearch()}}));
  auto& st = stack_->store();
  auto claimed = st.ClaimDueActions(Time::Now(), 10);
  ASSERT_TRUE(claimed.ok() && claimed->size() == 1);
  ASSERT_TRUE(st.TransitionAction(id, "scheduled", "preparing", Time::Now()).ok());
  auto agents = st.ResolveTarget({"agents.status = 'online'", {}});
  ASSERT_TRUE(agents.ok());
  std::vector<Command> cmds;
  for (auto& a : *agents) {
    Command c;
    c.action = (*claimed)[0];
    c.agent = a;
    c.status = "sent";
    c.results.resize(1);
    c.start_time = Time::Now();
    cmds.push_back(c);
  }
  ASSERT_TRUE(st.InsertCommands(cmds).ok());
  stack_->scheduler().Restart();
  Action done = stack_->WaitForAction(id, {"completed"});
  EXPECT_EQ(done.counters.sent, 3);
  EXPECT_EQ(done.counters.success, 3);
  EXPECT_EQ(stack_->Commands(id).size(), 3u);
}

TEST_P(EndToEnd, GarbageOnSchedulerQueuesIsDroppedAndWorkGoesOn) {
  StartPlatform();
  auto url = relay::ParseRelayUrl(SharedPlatform::Get().relay->AdminUrl());
  ASSERT_TRUE(url.ok());
  relay::ConnectOptions o;
  o.url = *url;
  auto conn = relay::AmqpConnection::Open(o);
  ASSERT_TRUE(conn.ok()) << conn.error();
  relay::MessageProperties props;
  for (const char* body : {"", "not json at all", "{\"id\": \"x\"}", "{garbage........}",
                           "{\"id\":1,\"action\":{}}", "\xff\xfe\x00binary"}) {
    for (auto q : {relay::kResultsQueue, relay::kHeartbeatsQueue}) {
      ASSERT_TRUE((*conn)->Publish(relay::kToSchedulersExchange, q, body, props).ok());
    }
  }
  Id id = stack_->Submit(stack_->MakeAction("status='online'", {{"file", FileSearch()}}));
  Action done = stack_->WaitForAction(id, {"completed"});
  EXPECT_EQ(done.counters.success, 3);
  EXPECT_TRUE(stack_->scheduler().running());
  EXPECT_NE(stack_->scheduler().Log().find("dropping"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Stores, EndToEnd, ::testing::Values("sqlite", "postgres"),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace mig::test
