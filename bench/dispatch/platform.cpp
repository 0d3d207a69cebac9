#include "platform.h"

#include <httplib.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "api/token.h"
#include "core/documents_json.h"
#include "core/percent_encode.h"
#include "core/pgp/sign.h"
#include "core/signed_string.h"
#include "gnupg_home.h"
#include "postgres_server.h"
#include "process.h"
#include "rabbitmq_server.h"
#include "relay/relay_url.h"
#include "test_env.h"

namespace mig::bench {
namespace {

const std::string kApiBin = mig::test::BinaryDir() + "/apps/mig-api/mig-api";
const std::string kSchedulerBin = mig::test::BinaryDir() + "/apps/mig-scheduler/mig-scheduler";
constexpr const char* kBaseRoute = "/api/v1";

}  // namespace

struct Platform::Impl {
  test::TempDir dir{"mig-dispatch"};
  std::unique_ptr<test::RabbitMqServer> relay;
  std::unique_ptr<test::PostgresServer> postgres;
  test::GnuPGHome gpg;
  std::string public_key, secret_key;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<test::Process> api, scheduler;
  int api_port = 0;
  pid_t rabbit_pid = -1;
  int nonce = 0;
};

Platform::Platform() : impl_(std::make_unique<Impl>()) {}
Platform::~Platform() {
  if (impl_->scheduler) impl_->scheduler->Stop();
  if (impl_->api) impl_->api->Stop();
  // An orderly shutdown of 10,000 durable queues takes minutes; the node's
  // directory is thrown away anyway.
  if (impl_->relay) impl_->relay->Kill();
}

Result<std::unique_ptr<Platform>> Platform::Start(const PlatformOptions& options) {
  std::unique_ptr<Platform> p(new Platform());
  Status s = p->Boot(options);
  if (!s.ok()) return s;
  return p;
}

Status Platform::Boot(const PlatformOptions& o) {
  Impl& m = *impl_;
  if (o.store != "sqlite" && o.store != "postgres")
    return Status::Error("store \"" + o.store + "\": use sqlite or postgres");
  test::RabbitMqOptions relay_options;
  relay_options.agent_queue_version = o.agent_queue_version;
  auto relay = test::RabbitMqServer::Start(relay_options);
  if (!relay) return relay.status().Context("RabbitMQ");
  m.relay = std::move(relay.value());
  auto pid = m.relay->Ctl("eval 'list_to_integer(os:getpid()).'");
  if (pid.exit_code == 0) m.rabbit_pid = static_cast<pid_t>(std::atoi(pid.output.c_str()));

  std::string store_cfg;
  if (o.store == "sqlite") {
    const std::string path = m.dir.Sub("mig.db");
    store_cfg = "[store]\n    driver = sqlite\n    path = \"" + path + "\"\n";
    auto st = store::OpenSqliteStore(path);
    if (!st) return st.status();
    m.store = std::move(st.value());
  } else {
    m.postgres = std::make_unique<test::PostgresServer>();
    if (!m.postgres->ok()) return Status::Error("PostgreSQL: " + m.postgres->error());
    std::string error;
    const std::string conninfo = m.postgres->CreateDatabase("mig", &error);
    if (conninfo.empty()) return Status::Error("PostgreSQL database: " + error);
    store_cfg = "[store]\n    driver = postgres\n    conninfo = \"" + conninfo + "\"\n";
    auto st = store::OpenPostgresStore(conninfo);
    if (!st) return st.status();
    m.store = std::move(st.value());
  }

  // MIG agents only understand RSA signatures (protocol.md 3.4).
  const std::string fpr = m.gpg.GenerateKey("Bench Investigator <bench@example.net>", "rsa2048");
  if (fpr.size() != 40) return Status::Error("gpg could not generate the investigator key");
  m.public_key = m.gpg.ExportPublic(fpr);
  m.secret_key = m.gpg.ExportSecret(fpr, /*armor=*/true);
  test::WriteFile(m.dir.Sub("investigator.asc"), m.public_key);

  m.api_port = test::FreeLoopbackPort();
  const std::string api_cfg = m.dir.Sub("api.cfg");
  test::WriteFile(api_cfg,
                  "[authentication]\n    enabled = on\n[server]\n    ip = 127.0.0.1\n"
                  "    port = " +
                      std::to_string(m.api_port) +
                      "\n    host = http://127.0.0.1:" + std::to_string(m.api_port) +
                      "\n    baseroute = " + kBaseRoute + "\n" + store_cfg +
                      "[logging]\n    mode = stdout\n    level = " + o.log_level + "\n");
  auto init = test::RunShell(kApiBin + " -c '" + api_cfg +
                             "' --init-investigator 'Bench Investigator' --pubkey '" +
                             m.dir.Sub("investigator.asc") + "' --permissions default,admin 2>&1");
  if (init.exit_code != 0) return Status::Error("mig-api --init-investigator: " + init.output);
  m.api = std::make_unique<test::Process>(std::vector<std::string>{kApiBin, "-c", api_cfg},
                                          m.dir.Sub("api.log"));

  const std::string sched_cfg = m.dir.Sub("scheduler.cfg");
  test::WriteFile(sched_cfg,
                  store_cfg + "[agent]\n    heartbeatfreq = " + std::to_string(o.heartbeat_s) +
                      "s\n    timeout = " + std::to_string(10 * o.heartbeat_s) +
                      "s\n[collector]\n    freq = " + std::to_string(o.collector_ms) +
                      "ms\n[periodic]\n    freq = 60s\n[mq]\n    host = 127.0.0.1\n    port = " +
                      std::to_string(m.relay->port()) +
                      "\n    user = " + test::RabbitMqServer::kSchedulerUser +
                      "\n    pass = " + test::RabbitMqServer::kSchedulerPassword +
                      "\n    vhost = mig\n    timeout = 60s\n    persistentcommands = " +
                      (o.persistent_commands ? "true" : "false") +
                      "\n[logging]\n    level = " + o.log_level + "\n");
  m.scheduler = std::make_unique<test::Process>(
      std::vector<std::string>{kSchedulerBin, "-c", sched_cfg}, m.dir.Sub("scheduler.log"));

  // Ready when the API answers and the scheduler has declared the exchanges.
  httplib::Client cli("127.0.0.1", m.api_port);
  for (int i = 0; i < 200; ++i) {
    auto r = cli.Get(std::string(kBaseRoute) + "/heartbeat");
    if (r) break;
    if (!m.api->running()) return Status::Error("mig-api exited:\n" + m.api->Log());
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  auto admin_url = relay::ParseRelayUrl(m.relay->AdminUrl());
  if (!admin_url) return admin_url.status();
  relay::ConnectOptions admin;
  admin.url = *admin_url;
  for (int i = 0;; ++i) {
    auto conn = relay::AmqpConnection::Open(admin);
    if (conn && (*conn)->InspectQueue("mig.agt.results").ok()) break;
    if (!m.scheduler->running())
      return Status::Error("mig-scheduler exited:\n" + m.scheduler->Log());
    if (i > 300) return Status::Error("mig-scheduler did not declare its queues:\n" + Logs());
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return Status::Ok();
}

relay::ConnectOptions Platform::SwarmRelay() const {
  relay::ConnectOptions o;
  auto url = relay::ParseRelayUrl(impl_->relay->SwarmUrl());
  if (url) o.url = *url;
  return o;
}

const std::string& Platform::investigator_public_key() const {
  return impl_->public_key;
}

Result<Platform::Prepared> Platform::Prepare(const std::string& target, int lifetime_s) {
  Action a;
  a.name = "dispatch benchmark";
  a.target = target;
  a.valid_from = Time::FromUnix(Time::Now().Unix() - 60);
  a.expire_after = Time::FromUnix(Time::Now().Unix() + lifetime_s);
  a.operations = std::vector<Operation>{
      {"file", Json::parse(R"({"searches":{"s1":{"paths":["/etc"],"names":["^passwd$"]}}})"), false,
       false}};
  a.syntax_version = 2;
  auto sig = pgp::SignWithKeyFile(SignedString(a), impl_->secret_key);
  if (!sig) return sig.status();
  a.pgp_signatures = {sig->one_line};
  const Time now = Time::Now();
  const std::string nonce =
      "bench" + std::to_string(getpid()) + "n" + std::to_string(++impl_->nonce);
  auto tok = pgp::SignWithKeyFile(api::TokenSignedData(now, nonce), impl_->secret_key);
  if (!tok) return tok.status();
  return Prepared{"action=" + PercentEncode(WriteAction(a)),
                  api::TokenHeader(now, nonce, tok->one_line)};
}

Result<Id> Platform::Post(const Prepared& p) {
  httplib::Client cli("127.0.0.1", impl_->api_port);
  cli.set_read_timeout(60, 0);
  httplib::Headers headers{{"X-PGPAUTHORIZATION", p.token}};
  auto r = cli.Post(std::string(kBaseRoute) + "/action/create/", headers, p.form_body,
                    "application/x-www-form-urlencoded");
  if (!r) return Result<Id>::Error("POST /action/create/: no answer from mig-api");
  if (r->status != 202)
    return Result<Id>::Error("POST /action/create/: HTTP " + std::to_string(r->status) + ": " +
                             r->body);
  std::smatch m;
  static const std::regex kId("actionid=([0-9]+)");
  if (!std::regex_search(r->body, m, kId))
    return Result<Id>::Error("POST /action/create/: no action id in " + r->body.substr(0, 200));
  return static_cast<Id>(std::stod(m[1].str()));
}

store::Store& Platform::store() {
  return *impl_->store;
}

Result<size_t> Platform::OnlineAgents(const std::string& name_like) {
  store::AgentQuery q;
  q.status_like = "online";
  q.name_like = name_like;
  q.window.limit = 10'000'000;
  auto agents = impl_->store->SearchAgents(q);
  if (!agents) return agents.status();
  return agents->size();
}

pid_t Platform::scheduler_pid() const {
  return impl_->scheduler->pid();
}
pid_t Platform::api_pid() const {
  return impl_->api->pid();
}
pid_t Platform::rabbitmq_pid() const {
  return impl_->rabbit_pid;
}
bool Platform::processes_running() {
  return impl_->scheduler->running() && impl_->api->running();
}

std::string Platform::Logs() {
  auto tail = [](const std::string& s) { return s.size() > 4000 ? s.substr(s.size() - 4000) : s; };
  return "---- scheduler log (tail)\n" + tail(impl_->scheduler->Log()) + "---- api log (tail)\n" +
         tail(impl_->api->Log());
}

int64_t ProcessMemoryKib(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::atoll(line.c_str() + field.size() + 1);
  }
  return -1;
}

int64_t ProcessDescriptorLimit(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/limits");
  std::string line;
  const std::string key = "Max open files";
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) return std::atoll(line.c_str() + key.size());
  }
  return -1;
}

double ProcessCpuSeconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t close = text.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream fields(text.substr(close + 2));
  std::string f;
  double utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> f; ++i) {
    if (i == 14) utime = std::stod(f);
    if (i == 15) stime = std::stod(f);
  }
  return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace mig::bench
