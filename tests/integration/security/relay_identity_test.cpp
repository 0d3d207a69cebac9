// Attacks of a compromised agent on the relay, replayed against real
// processes: a private RabbitMQ that asks mig-api about agents' own
// identities, a real mig-scheduler and real mig-agents (e2e's Stack). The
// attacker holds agent A's own relay credentials (its id and secret, as root
// on A would) and goes after agent B and the scheduler. On MIG's model (one
// shared agent account) every one of these attacks worked.
#include <httplib.h>

#include <thread>

#include <gtest/gtest.h>

#include "core/agent_credential.h"
#include "core/base64.h"
#include "core/documents_json.h"
#include "relay/amqp_connection.h"
#include "relay/relay_url.h"
#include "relay/topology.h"
#include "stack.h"

namespace mig::test {
namespace {

void Sleep(int ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

std::string Trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
    s.pop_back();
  return s;
}

// What root on an agent's host can read: its queue location and secret.
struct Identity {
  std::string queue_loc;
  std::string secret;
  std::string Password(const std::string& token = "") const {
    return FormatAgentPassword({secret, token});
  }
};

Identity ReadIdentity(const std::string& run_dir) {
  return {"linux." + Trimmed(ReadFile(run_dir + "/.migagtid")),
          Trimmed(ReadFile(run_dir + "/.migagtsecret"))};
}

relay::ConnectOptions As(const std::string& user, const std::string& password) {
  auto url = relay::ParseRelayUrl(SharedPlatform::Get().relay->AdminUrl());
  EXPECT_TRUE(url.ok());
  relay::ConnectOptions o;
  o.url = *url;
  o.url.user = user;
  o.url.password = password;
  return o;
}

// With publisher confirms on, so that a publish the broker refuses (it
// closes the channel) shows up as an error of WaitConfirms.
std::unique_ptr<relay::AmqpConnection> MustConnect(const relay::ConnectOptions& o) {
  auto conn = relay::AmqpConnection::Open(o);
  EXPECT_TRUE(conn.ok()) << conn.error();
  if (!conn.ok()) return nullptr;
  EXPECT_TRUE((*conn)->EnableConfirms().ok());
  return std::move(conn.value());
}

bool Refused(const Status& s) {
  return !s.ok() && s.message().find("ACCESS_REFUSED") != std::string::npos;
}

class RelayIdentity : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NE(SharedPlatform::Get().relay, nullptr);
    stack_ = std::make_unique<Stack>("sqlite");
  }
  // Agent 0 is the attacker (A), agent 1 the victim (B).
  void StartTwoAgents(const std::string& scheduler_extra = "") {
    stack_->StartScheduler(scheduler_extra);
    stack_->StartAgent("role:attacker");
    stack_->StartAgent("role:victim");
    ASSERT_TRUE(stack_->WaitForAgents(2));
    a_ = ReadIdentity(stack_->AgentRunDir(0));
    b_ = ReadIdentity(stack_->AgentRunDir(1));
    ASSERT_TRUE(IsAgentIdentity(a_.queue_loc)) << a_.queue_loc;
  }
  std::optional<Agent> AgentRow(const std::string& queue_loc) {
    store::AgentQuery q;
    q.window.limit = 100;
    auto agents = stack_->store().SearchAgents(q);
    EXPECT_TRUE(agents.ok());
    for (auto& a : *agents)
      if (a.queue_loc == queue_loc && a.status != "offline") return a;
    return std::nullopt;
  }
  std::unique_ptr<Stack> stack_;
  Identity a_, b_;
};

TEST_F(RelayIdentity, AgentsLogInAsThemselvesAndAreEnrolledOnce) {
  StartTwoAgents();
  auto known = stack_->store().GetAgentCredential(a_.queue_loc);
  ASSERT_TRUE(known.ok() && known->has_value());
  EXPECT_EQ((*known)->secret_digest, AgentSecretDigest(a_.secret));
  // The relay's shared account no longer makes anyone an agent: B's name
  // with another secret, or a new name without the enrollment token, fail.
  auto other = NewAgentSecret();
  EXPECT_FALSE(relay::AmqpConnection::Open(
                   As(b_.queue_loc, FormatAgentPassword({*other, RabbitMqServer::kAgentPassword})))
                   .ok());
  const std::string fresh = "linux." + std::string(90, 'Z');
  EXPECT_FALSE(relay::AmqpConnection::Open(As(fresh, FormatAgentPassword({*other, "wrong"}))).ok());
  EXPECT_FALSE(stack_->store().GetAgentCredential(fresh)->has_value());
  EXPECT_TRUE(MustConnect(As(a_.queue_loc, a_.Password())) != nullptr);
}

TEST_F(RelayIdentity, AgentCannotDeletePurgeBindOrReadOthersQueues) {
  StartTwoAgents();
  auto a = MustConnect(As(a_.queue_loc, a_.Password()));
  ASSERT_NE(a, nullptr);
  const std::string b_queue = relay::AgentQueueName(b_.queue_loc);
  const std::string a_queue = relay::AgentQueueName(a_.queue_loc);
  for (auto q :
       {std::string(relay::kHeartbeatsQueue), std::string(relay::kResultsQueue), b_queue}) {
    EXPECT_TRUE(Refused(a->DeleteQueue(q).status())) << "delete " << q;
    EXPECT_TRUE(Refused(a->PurgeQueue(q).status())) << "purge " << q;
    EXPECT_TRUE(Refused(a->Consume(q, true).status())) << "consume " << q;
    EXPECT_TRUE(Refused(a->DeclareQueue(q))) << "declare " << q;
  }
  // Reading every agent's commands by binding its own queue to toagents.
  for (auto key : {b_queue, std::string("#")}) {
    EXPECT_TRUE(Refused(a->BindQueue(a_queue, relay::kToAgentsExchange, key))) << key;
  }
  // Sending B a command straight through the default exchange.
  relay::MessageProperties props;
  auto seq = a->Publish(relay::kCommandExchange, b_queue, "{\"forged\":true}", props);
  Status s = seq.status();
  if (s.ok()) s = a->WaitConfirms(std::chrono::seconds(5)).status();
  EXPECT_FALSE(s.ok());
  auto admin = MustConnect(As(RabbitMqServer::kAdminUser, RabbitMqServer::kAdminPassword));
  ASSERT_NE(admin, nullptr);
  for (auto q :
       {std::string(relay::kHeartbeatsQueue), std::string(relay::kResultsQueue), b_queue}) {
    EXPECT_TRUE(admin->InspectQueue(q).ok()) << q << " must still exist";
  }
  auto b_info = admin->InspectQueue(b_queue);
  ASSERT_TRUE(b_info.ok());
  EXPECT_EQ(b_info->consumers, 1u) << "B still consumes its queue";
}

TEST_F(RelayIdentity, ForgedHeartbeatsNeitherRewriteAnotherAgentNorAddTwins) {
  StartTwoAgents();
  auto before = AgentRow(b_.queue_loc);
  ASSERT_TRUE(before.has_value());
  Agent forged = *before;
  forged.tags = {{"role", "hijacked"}};
  forged.environment.ident = "forged";
  forged.heartbeat_time = Time::Now();
  forged.refresh_time = Time::Now().AddSeconds(3600);  // would replace the row
  Agent twin = forged;
  twin.queue_loc = "linux." + std::string(88, 'T');
  twin.pid = 4242;

  auto a = MustConnect(As(a_.queue_loc, a_.Password()));
  ASSERT_NE(a, nullptr);
  auto props = relay::HeartbeatProperties(std::chrono::seconds(1));
  ASSERT_TRUE(props.ok());
  for (const Agent* doc : {&forged, &twin}) {
    // Without a user-id: the scheduler knows B has its own identity, and
    // takes no shared-account heartbeat anyway.
    props->user_id.reset();
    ASSERT_TRUE(
        a->Publish(relay::kToSchedulersExchange, relay::kHeartbeatsQueue, WriteAgent(*doc), *props)
            .ok());
    // Signed as A: the scheduler sees A speaking for someone else.
    props->user_id = a_.queue_loc;
    ASSERT_TRUE(
        a->Publish(relay::kToSchedulersExchange, relay::kHeartbeatsQueue, WriteAgent(*doc), *props)
            .ok());
  }
  ASSERT_TRUE(a->WaitConfirms(std::chrono::seconds(5)).ok());
  // Signed as B: the broker itself refuses a user-id that is not the login.
  props->user_id = b_.queue_loc;
  auto seq =
      a->Publish(relay::kToSchedulersExchange, relay::kHeartbeatsQueue, WriteAgent(forged), *props);
  Status s = seq.status();
  if (s.ok()) s = a->WaitConfirms(std::chrono::seconds(5)).status();
  EXPECT_FALSE(s.ok());
  if (!s.ok()) {
    EXPECT_NE(s.message().find("PRECONDITION_FAILED"), std::string::npos) << s.message();
  }

  Sleep(3000);  // several heartbeat batches
  auto after = AgentRow(b_.queue_loc);
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->tags.at("role"), "victim");
  EXPECT_NE(after->environment.ident, "forged");
  EXPECT_EQ(after->id, before->id) << "B's row was replaced";
  EXPECT_FALSE(AgentRow(twin.queue_loc).has_value()) << "a twin was added";
  const std::string log = stack_->scheduler().Log();
  EXPECT_NE(log.find("has its own relay identity"), std::string::npos) << log;
  EXPECT_NE(log.find("but was sent by relay user \"" + a_.queue_loc + "\""), std::string::npos);
}

TEST_F(RelayIdentity, ForgedResultForAnotherAgentsCommandIsRefusedAndTheRealOneKept) {
  StartTwoAgents();
  // B is away (its command waits in its queue) while A forges its answer.
  stack_->agent(1).Stop();
  const Json nothing =
      Json::parse(R"({"searches":{"s1":{"paths":["/etc"],"names":["^no-such-file-anywhere$"]}}})");
  Id id = stack_->Submit(stack_->MakeAction("tags->>'role'='victim'", {{"file", nothing}}));
  stack_->WaitForAction(id, {"inflight"});
  auto cmds = stack_->Commands(id);
  ASSERT_EQ(cmds.size(), 1u);
  Command forged = cmds[0];
  ASSERT_EQ(forged.agent.queue_loc, b_.queue_loc);
  forged.status = "success";
  ModuleResult found;
  found.found_anything = true;
  found.success = true;
  found.elements = OrderedJson::parse(R"({"s1":[{"file":"/etc/forged"}]})");
  forged.results = {found};

  auto a = MustConnect(As(a_.queue_loc, a_.Password()));
  ASSERT_NE(a, nullptr);
  auto props = relay::ResultProperties(std::chrono::seconds(1));
  ASSERT_TRUE(props.ok());
  ASSERT_TRUE(
      a->Publish(relay::kToSchedulersExchange, relay::kResultsQueue, WriteCommand(forged), *props)
          .ok());
  props->user_id = a_.queue_loc;
  ASSERT_TRUE(
      a->Publish(relay::kToSchedulersExchange, relay::kResultsQueue, WriteCommand(forged), *props)
          .ok());
  ASSERT_TRUE(a->WaitConfirms(std::chrono::seconds(5)).ok());
  Sleep(2000);
  EXPECT_EQ(stack_->Commands(id)[0].status, "sent") << "a forged result was stored";

  stack_->agent(1).Restart();  // B answers for real
  Action done = stack_->WaitForAction(id, {"completed"});
  EXPECT_EQ(done.counters.success, 1);
  auto final_cmds = stack_->Commands(id);
  ASSERT_EQ(final_cmds.size(), 1u);
  ASSERT_EQ(final_cmds[0].results.size(), 1u);
  EXPECT_FALSE(final_cmds[0].results[0].found_anything) << "the forged finding was kept";
}

TEST_F(RelayIdentity, HttpHeartbeatOnlyFromTheAgentItself) {
  StartTwoAgents();
  auto before = AgentRow(b_.queue_loc);
  ASSERT_TRUE(before.has_value());
  const std::string body =
      R"({"name":"hijack","mode":"daemon","version":"1","pid":)" + std::to_string(before->pid) +
      R"(,"queueLoc":")" + b_.queue_loc + R"(","startTime":")" + FormatTime(Time::Now()) +
      R"(","refreshTime":")" + FormatTime(Time::Now()) +
      R"(","environment":{"init":"systemd","ident":"forged","os":"linux","arch":"amd64",)"
      R"("publicIP":"203.0.113.9"},"tags":[{"name":"role","value":"hijacked"}]})";
  httplib::Client api("127.0.0.1", stack_->relay_auth_api_port());
  auto basic = [](const std::string& user, const std::string& password) {
    return httplib::Headers{{"Authorization", "Basic " + Base64Encode(user + ":" + password)}};
  };
  auto none = api.Post("/api/v1/heartbeat", body, "application/json");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401) << none->body;
  auto as_a =
      api.Post("/api/v1/heartbeat", basic(a_.queue_loc, a_.Password()), body, "application/json");
  ASSERT_TRUE(as_a);
  EXPECT_EQ(as_a->status, 401) << as_a->body;
  auto wrong =
      api.Post("/api/v1/heartbeat", basic(b_.queue_loc, a_.Password()), body, "application/json");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401) << wrong->body;
  auto after = AgentRow(b_.queue_loc);
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->tags.at("role"), "victim");
  EXPECT_NE(after->environment.ident, "forged");
  // B itself may.
  auto as_b =
      api.Post("/api/v1/heartbeat", basic(b_.queue_loc, b_.Password()), body, "application/json");
  ASSERT_TRUE(as_b);
  EXPECT_EQ(as_b->status, 200) << as_b->body;
}

TEST_F(RelayIdentity, SchedulerDeclaresItsQueuesAgainWhenTheyVanish) {
  StartTwoAgents();
  auto admin = MustConnect(As(RabbitMqServer::kAdminUser, RabbitMqServer::kAdminPassword));
  ASSERT_NE(admin, nullptr);
  for (auto q : {relay::kHeartbeatsQueue, relay::kResultsQueue})
    ASSERT_TRUE(admin->DeleteQueue(q).ok());
  bool back = false;
  for (int i = 0; i < 100 && !back; ++i) {
    Sleep(200);
    back = admin->InspectQueue(relay::kHeartbeatsQueue).ok() &&
           admin->InspectQueue(relay::kResultsQueue).ok();
  }
  ASSERT_TRUE(back) << stack_->scheduler().Log();
  // And work goes on through them.
  Id id = stack_->Submit(stack_->MakeAction(
      "status='online'",
      {{"file", Json::parse(R"({"searches":{"s1":{"paths":["/etc"],"names":["^passwd$"]}}})")}}));
  Action done = stack_->WaitForAction(id, {"completed"});
  EXPECT_EQ(done.counters.success, 2);
}

TEST_F(RelayIdentity, MigSharedAccountAgentNeedsTheSchedulersConsent) {
  stack_->StartScheduler();
  stack_->StartAgent("", "    relayaccount = shared\n");
  EXPECT_FALSE(stack_->WaitForAgents(1, 5)) << "a shared-account heartbeat was taken";
  EXPECT_NE(stack_->scheduler().Log().find("acceptsharedaccount is off"), std::string::npos);
}

TEST_F(RelayIdentity, SharedAccountCannotTouchTheSchedulersQueues) {
  stack_->StartScheduler();
  auto admin = MustConnect(As(RabbitMqServer::kAdminUser, RabbitMqServer::kAdminPassword));
  ASSERT_NE(admin, nullptr);
  for (int i = 0; i < 100 && !admin->InspectQueue(relay::kResultsQueue).ok(); ++i)
    Sleep(100);
  auto shared = MustConnect(As(RabbitMqServer::kAgentUser, RabbitMqServer::kAgentPassword));
  ASSERT_NE(shared, nullptr);
  for (auto q : {relay::kHeartbeatsQueue, relay::kResultsQueue}) {
    EXPECT_TRUE(Refused(shared->DeleteQueue(q).status())) << q;
    EXPECT_TRUE(Refused(shared->PurgeQueue(q).status())) << q;
    EXPECT_TRUE(Refused(shared->Consume(q, true).status())) << q;
  }
  // What MIG's agents need still works: their own queue, bound to toagents.
  const std::string own = relay::AgentQueueName("linux." + std::string(90, 'S'));
  EXPECT_TRUE(shared->DeclareQueue(own).ok());
  EXPECT_TRUE(shared->BindQueue(own, relay::kToAgentsExchange, own).ok());
}

TEST_F(RelayIdentity, MigSharedAccountAgentWorksWhenAllowed) {
  stack_->StartScheduler("    acceptsharedaccount = on\n");
  stack_->StartAgent("", "    relayaccount = shared\n");
  ASSERT_TRUE(stack_->WaitForAgents(1));
  Id id = stack_->Submit(stack_->MakeAction(
      "status='online'",
      {{"file", Json::parse(R"({"searches":{"s1":{"paths":["/etc"],"names":["^passwd$"]}}})")}}));
  Action done = stack_->WaitForAction(id, {"completed"});
  EXPECT_EQ(done.counters.success, 1);
}

}  // namespace
}  // namespace mig::test
