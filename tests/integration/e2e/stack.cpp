#include "stack.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

#include "core/pgp/sign.h"
#include "core/signed_string.h"
#include "gnupg_home.h"
#include "postgres_server.h"
#include "relay/amqp_connection.h"
#include "relay/relay_url.h"
#include "relay/topology.h"
#include "test_env.h"

namespace mig::test {
namespace {

const std::string kAgentBin = mig::test::BinaryDir() + "/apps/mig-agent/mig-agent";
const std::string kSchedulerBin = mig::test::BinaryDir() + "/apps/mig-scheduler/mig-scheduler";
const std::string kApiBin = mig::test::BinaryDir() + "/apps/mig-api/mig-api";
// What a new agent presents to enroll its own identity; not the password of
// any account of the node (the shared agent account has its own).
const std::string kEnrollmentToken = "fleet-enrollment-token";

// True once something accepts connections on 127.0.0.1:port.
bool Listening(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  close(fd);
  return ok;
}

void Sleep(int ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

SharedPlatform* g_platform = nullptr;

// The platform outlives every test on purpose, but its RabbitMQ node must not
// outlive the test program: without this the node kept running after each
// e2e, cli and console run.
class StopSharedRelay : public ::testing::Environment {
 public:
  void TearDown() override {
    if (g_platform) g_platform->relay.reset();
  }
};
const auto* const kStopSharedRelay = ::testing::AddGlobalTestEnvironment(new StopSharedRelay);

}  // namespace

SharedPlatform& SharedPlatform::Get() {
  static SharedPlatform* p = [] {
    auto* s = new SharedPlatform;
    g_platform = s;
    // Agents log in with their own identities, which the node asks each
    // stack's relay-auth mig-api about on this port.
    s->relay_auth_port = FreeLoopbackPort();
    RabbitMqOptions options;
    options.agent_auth_url = "http://127.0.0.1:" + std::to_string(s->relay_auth_port);
    auto relay = RabbitMqServer::Start(options);
    if (!relay.ok()) {
      ADD_FAILURE() << "cannot start RabbitMQ: " << relay.error();
      return s;
    }
    s->relay = std::move(relay.value());
    static GnuPGHome gpg;  // lives as long as the suite
    s->fingerprint = gpg.GenerateKey("E2E Investigator <e2e@example.net>", "ed25519");
    s->public_key = gpg.ExportPublic(s->fingerprint);
    s->secret_key = gpg.ExportSecret(s->fingerprint, /*armor=*/true);
    s->gnupg_home = gpg.path();
    s->second_fingerprint =
        gpg.GenerateKey("E2E Second Investigator <e2e-second@example.net>", "ed25519");
    s->second_public_key = gpg.ExportPublic(s->second_fingerprint);
    s->second_secret_key = gpg.ExportSecret(s->second_fingerprint, /*armor=*/true);
    return s;
  }();
  return *p;
}

Stack::Stack(const std::string& driver) : driver_(driver) {
  // Heartbeats and results left by the previous test's agents would make
  // its dead agents look alive to this test's scheduler.
  auto url = relay::ParseRelayUrl(SharedPlatform::Get().relay->AdminUrl());
  relay::ConnectOptions admin;
  if (url.ok()) admin.url = *url;
  auto conn = relay::AmqpConnection::Open(admin);
  if (!conn.ok()) {
    ADD_FAILURE() << conn.error();
  } else {
    for (auto q : {relay::kHeartbeatsQueue, relay::kResultsQueue})
      (void)(*conn)->PurgeQueue(q);
  }
  if (driver == "sqlite") {
    const std::string path = dir_.Sub("mig.db");
    store_config_ = "[store]\n    driver = sqlite\n    path = \"" + path + "\"\n";
    auto s = store::OpenSqliteStore(path);
    if (!s.ok())
      ADD_FAILURE() << s.error();
    else
      store_ = std::move(s.value());
  } else {
    static int counter = 0;
    std::string error;
    auto& pg = PostgresServer::Shared();
    if (!pg.ok()) {
      ADD_FAILURE() << "PostgreSQL: " << pg.error();
      return;
    }
    std::string conninfo = pg.CreateDatabase("e2e" + std::to_string(++counter), &error);
    if (conninfo.empty()) ADD_FAILURE() << "PostgreSQL database: " << error;
    store_config_ = "[store]\n    driver = postgres\n    conninfo = \"" + conninfo + "\"\n";
    auto s = store::OpenPostgresStore(conninfo);
    if (!s.ok())
      ADD_FAILURE() << s.error();
    else
      store_ = std::move(s.value());
  }
}

Stack::~Stack() {
  for (auto& a : agents_)
    a->Stop();
  if (scheduler_) scheduler_->Stop();
  if (relay_auth_) relay_auth_->Stop();
  if (::testing::Test::HasFailure()) std::cerr << Logs();
}

void Stack::StartScheduler(const std::string& agent_extra, const std::string& mq_extra) {
  auto& relay = *SharedPlatform::Get().relay;
  const std::string cfg = dir_.Sub("scheduler.cfg");
  WriteFile(cfg,
            store_config_ + "[agent]\n    heartbeatfreq = 1s\n    timeout = 120s\n" + agent_extra +
                "[collector]\n    freq = 100ms\n[periodic]\n    freq = 2s\n"
                "[mq]\n    host = 127.0.0.1\n    port = " +
                std::to_string(relay.port()) + "\n    user = " + RabbitMqServer::kSchedulerUser +
                "\n    pass = " + RabbitMqServer::kSchedulerPassword +
                "\n    vhost = mig\n    timeout = 30s\n" + mq_extra +
                "[logging]\n    level = debug\n");
  const char* other = std::getenv("MIG_TEST_SCHEDULER_BIN");
  scheduler_ = std::make_unique<Process>(
      std::vector<std::string>{other && *other ? other : kSchedulerBin, "-c", cfg},
      dir_.Sub("scheduler.log"));
}

void Stack::StartRelayAuth() {
  const auto& platform = SharedPlatform::Get();
  const std::string cfg = dir_.Sub("relay-auth.cfg");
  relay_auth_api_port_ = FreeLoopbackPort();
  WriteFile(
      cfg, store_config_ +
               "[server]\n    ip = 127.0.0.1\n    port = " + std::to_string(relay_auth_api_port_) +
               "\n[agents]\n    relayauth = 127.0.0.1:" + std::to_string(platform.relay_auth_port) +
               "\n    enrollmenttoken = \"" + kEnrollmentToken + "\"\n");
  relay_auth_ = std::make_unique<Process>(std::vector<std::string>{kApiBin, "-c", cfg},
                                          dir_.Sub("relay-auth.log"));
  for (int i = 0; i < 200 && !Listening(platform.relay_auth_port); ++i)
    Sleep(50);
}

std::string Stack::AgentRunDir(size_t i) const {
  return dir_.Sub("agent" + std::to_string(i));
}

void Stack::StartAgent(const std::string& tags, const std::string& extra) {
  const auto& platform = SharedPlatform::Get();
  if (!relay_auth_) StartRelayAuth();
  const size_t i = agents_.size();
  const std::string run = AgentRunDir(i);
  std::filesystem::create_directories(run + "/conf/agentkeys");
  WriteFile(run + "/conf/agentkeys/investigator.asc", platform.public_key);
  WriteFile(run + "/conf/agentkeys/second.asc", platform.second_public_key);
  // netstat needs more weight than one signature: an ACL denial to test.
  WriteFile(
      run + "/conf/acl.cfg",
      !agent_acl_.empty()
          ? agent_acl_
          : R"({"default":{"minimumweight":1,"investigators":{"e2e":{"fingerprint":")" +
                platform.fingerprint +
                R"(","weight":1}}},"netstat":{"minimumweight":5,"investigators":{"e2e":{"fingerprint":")" +
                platform.fingerprint + R"(","weight":1}}}})");
  const bool shared = extra.find("relayaccount = shared") != std::string::npos;
  const std::string relay_url =
      shared ? platform.relay->AgentUrl() : platform.relay->Url("agent", kEnrollmentToken);
  std::string cfg = "[agent]\n    relay = \"" + relay_url +
                    "\"\n    heartbeatfreq = 1s\n    rundir = \"" + run + "\"\n    confdir = \"" +
                    run + "/conf\"\n" + extra;
  if (!tags.empty()) cfg += "    tags = \"" + tags + "\"\n";
  WriteFile(run + "/agent.cfg", cfg);
  agents_.push_back(std::make_unique<Process>(
      std::vector<std::string>{agent_binary_.empty() ? kAgentBin : agent_binary_, "-c",
                               run + "/agent.cfg", "-d"},
      run + "/agent.log"));
}

::testing::AssertionResult Stack::WaitForAgents(size_t n, int timeout_s) {
  for (int i = 0; i < timeout_s * 10; ++i) {
    store::AgentQuery q;
    q.status_like = "online";
    q.window.limit = 1000;
    auto agents = store_->SearchAgents(q);
    if (agents.ok() && agents->size() >= n) return ::testing::AssertionSuccess();
    Sleep(100);
  }
  return ::testing::AssertionFailure()
         << n << " agents did not come online within " << timeout_s << " s";
}

Action Stack::MakeAction(const std::string& target,
                         const std::vector<std::pair<std::string, Json>>& ops, int lifetime_s) {
  Action a;
  a.name = "e2e " + target;
  a.target = target;
  a.valid_from = Time::Now().AddSeconds(-60);
  a.expire_after = Time::Now().AddSeconds(lifetime_s);
  a.operations = std::vector<Operation>{};
  for (const auto& [module, params] : ops)
    a.operations->push_back({module, params, false, false});
  a.syntax_version = 2;
  Sign(a);
  return a;
}

void Stack::Sign(Action& a) {
  const auto& platform = SharedPlatform::Get();
  auto sig = pgp::SignWithKeyFile(SignedString(a), platform.secret_key);
  if (!sig.ok()) {
    ADD_FAILURE() << "signing: " << sig.error();
    return;
  }
  a.pgp_signatures = {sig->one_line};
}

void Stack::SignByTwo(Action& a) {
  const auto& platform = SharedPlatform::Get();
  a.pgp_signatures.clear();
  for (const std::string* key : {&platform.secret_key, &platform.second_secret_key}) {
    auto sig = pgp::SignWithKeyFile(SignedString(a), *key);
    if (!sig.ok()) {
      ADD_FAILURE() << "signing: " << sig.error();
      return;
    }
    a.pgp_signatures.push_back(sig->one_line);
  }
}

Id Stack::Submit(Action action) {
  Status s = store_->InsertAction(action, {});
  EXPECT_TRUE(s.ok()) << s.message();
  return action.id;
}

Action Stack::WaitForAction(Id id, const std::vector<std::string>& statuses, int timeout_s) {
  Action last;
  for (int i = 0; i < timeout_s * 10; ++i) {
    auto a = store_->GetAction(id);
    if (a.ok() && a->has_value()) {
      last = **a;
      for (const auto& s : statuses) {
        if (last.status == s) return last;
      }
    }
    Sleep(100);
  }
  ADD_FAILURE() << "action " << id << " still \"" << last.status << "\" after " << timeout_s
                << " s";
  return last;
}

std::vector<Command> Stack::Commands(Id action_id) {
  store::CommandQuery q;
  q.action_id = action_id;
  q.window.limit = 10000;
  auto c = store_->SearchCommands(q);
  EXPECT_TRUE(c.ok()) << c.error();
  return c.ok() ? *c : std::vector<Command>{};
}

std::string Stack::Logs() {
  auto tail = [](const std::string& s) { return s.size() > 6000 ? s.substr(s.size() - 6000) : s; };
  std::string out;
  if (scheduler_) out += "---- scheduler log (tail)\n" + tail(scheduler_->Log());
  for (size_t i = 0; i < agents_.size(); ++i) {
    out += "---- agent " + std::to_string(i) + " log (tail)\n" + tail(agents_[i]->Log());
  }
  return out;
}

}  // namespace mig::test
