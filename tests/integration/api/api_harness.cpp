#include "api_harness.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>

#include "api/form.h"
#include "api/investigators.h"
#include "api/permissions.h"
#include "api/token.h"
#include "core/pgp/sign.h"
#include "core/signed_string.h"
#include "postgres_server.h"

namespace mig::test {

Status ApiHarness::BreakAgentsTable() {
  if (config_.store_driver == "postgres") {
    PGconn* c = PQconnectdb(config_.store_conninfo.c_str());
    PGresult* r = PQexec(c, "DROP TABLE agents CASCADE");
    Status s =
        PQresultStatus(r) == PGRES_COMMAND_OK ? Status::Ok() : Status::Error(PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
    return s;
  }
  sqlite3* db = nullptr;
  if (sqlite3_open(config_.store_path.c_str(), &db) != SQLITE_OK) {
    sqlite3_close(db);
    return Status::Error("cannot open " + config_.store_path);
  }
  char* err = nullptr;
  const int rc =
      sqlite3_exec(db, "PRAGMA busy_timeout = 5000; DROP TABLE agents", nullptr, nullptr, &err);
  Status s = rc == SQLITE_OK ? Status::Ok() : Status::Error(err ? err : "DROP TABLE failed");
  sqlite3_free(err);
  sqlite3_close(db);
  return s;
}

const TestKeys& TestKeys::Get() {
  static GnuPGHome* home = new GnuPGHome();  // kept for the whole run
  static TestKeys keys = [] {
    TestKeys k;
    k.admin_fpr = home->GenerateKey("Admin <admin@example.net>", "ed25519");
    k.admin_pub = home->ExportPublic(k.admin_fpr);
    k.admin_sec = home->ExportSecret(k.admin_fpr, true);
    k.bob_fpr = home->GenerateKey("Bob <bob@example.net>", "rsa2048");
    k.bob_pub = home->ExportPublic(k.bob_fpr);
    k.bob_sec = home->ExportSecret(k.bob_fpr, true);
    k.eve_fpr = home->GenerateKey("Eve <eve@example.net>", "ed25519");
    k.eve_pub = home->ExportPublic(k.eve_fpr);
    k.eve_sec = home->ExportSecret(k.eve_fpr, true);
    return k;
  }();
  return keys;
}

ApiHarness::ApiHarness(const std::string& backend, bool tls,
                       const std::function<void(api::ApiConfig&)>& configure)
    : tls_(tls) {
  static std::atomic<int> counter{0};
  config_.listen_ip = "127.0.0.1";
  config_.port = 0;
  config_.host.clear();  // filled in by Bind
  config_.threads = 4;
  config_.max_body_bytes = 64 * 1024;
  if (backend == "postgres") {
    auto& pg = PostgresServer::Shared();
    if (!pg.ok()) {
      error_ = "postgres: " + pg.error();
      return;
    }
    std::string err;
    config_.store_driver = "postgres";
    config_.store_conninfo =
        pg.CreateDatabase("api" + std::to_string(getpid()) + "_" + std::to_string(++counter), &err);
    if (config_.store_conninfo.empty()) {
      error_ = err;
      return;
    }
  } else {
    config_.store_driver = "sqlite";
    config_.store_path = dir_.Sub("mig.db");
  }
  // These suites speak for MIG's agents, whose HTTP heartbeats carry no
  // credentials; integration_security checks the refusal without this.
  config_.accept_shared_account = true;
  if (tls) {
    auto out = RunShell(
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
        "-keyout " +
        dir_.Sub("key.pem") + " -out " + dir_.Sub("cert.pem") + " 2>&1");
    if (out.exit_code != 0) {
      error_ = "openssl: " + out.output;
      return;
    }
    config_.tls_cert = dir_.Sub("cert.pem");
    config_.tls_key = dir_.Sub("key.pem");
  }
  auto db = api::OpenConfiguredStore(config_);
  if (!db.ok()) {
    error_ = db.error();
    return;
  }
  db_ = std::move(*db);
  auto id = api::CreateInvestigator(*db_, "Admin", TestKeys::Get().admin_pub, api::kPermAll);
  if (!id.ok()) {
    error_ = id.error();
    return;
  }
  admin_id_ = *id;
  if (configure) configure(config_);
  auto server = api::ApiServer::Create(config_, std::getenv("MIG_API_TEST_LOG") ? stderr : nullptr);
  if (!server.ok()) {
    error_ = server.error();
    return;
  }
  server_ = std::move(*server);
  auto port = server_->Bind();
  if (!port.ok()) {
    error_ = port.error();
    return;
  }
  port_ = *port;
  config_ = server_->config();
  thread_ = std::thread([this] { (void)server_->Serve(); });
  for (int i = 0; i < 500 && !server_->is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

ApiHarness::~ApiHarness() {
  if (server_) server_->Stop();
  if (thread_.joinable()) thread_.join();
}

std::unique_ptr<httplib::Client> ApiHarness::Client() const {
  auto c = std::make_unique<httplib::Client>(config_.host);
  if (tls_) c->enable_server_certificate_verification(false);
  c->set_read_timeout(30, 0);
  return c;
}

std::string ApiHarness::Token(const std::string& secret, const std::string& nonce,
                              int64_t skew_seconds) {
  static std::atomic<int> n{0};
  const std::string use =
      nonce.empty() ? "n" + std::to_string(getpid()) + "x" + std::to_string(++n) : nonce;
  const Time t = Time::Now().AddSeconds(skew_seconds);
  auto sig = pgp::SignWithKeyFile(api::TokenSignedData(t, use), secret);
  EXPECT_TRUE(sig.ok()) << sig.error();
  return api::TokenHeader(t, use, sig.ok() ? sig->one_line : "");
}

std::string ApiHarness::Sign(const Action& a, const std::string& secret) {
  auto sig = pgp::SignWithKeyFile(SignedString(a), secret);
  EXPECT_TRUE(sig.ok()) << sig.error();
  return sig.ok() ? sig->one_line : "";
}

Action ApiHarness::MakeAction(const std::vector<std::string>& signers, const std::string& target) {
  Action a;
  a.name = "find passwd";
  a.target = target;
  a.description.author = "Admin";
  a.threat.family = "test";
  a.valid_from = Time::FromUnix(Time::Now().Unix() - 60);
  a.expire_after = Time::FromUnix(Time::Now().Unix() + 600);
  Operation op;
  op.module = "file";
  op.parameters = Json::parse(R"({"searches":{"s1":{"paths":["/etc"],"names":["^passwd$"]}}})");
  a.operations = std::vector<Operation>{op};
  a.syntax_version = 2;
  for (const auto& s : signers)
    a.pgp_signatures.push_back(Sign(a, s));
  return a;
}

std::string FormBody(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out += '&';
    out += api::FormEncode(k) + "=" + api::FormEncode(v);
  }
  return out;
}

}  // namespace mig::test
