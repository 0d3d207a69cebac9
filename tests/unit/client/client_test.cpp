// The pieces of `mig` against the fleet: migrc, global options, targets,
// action building, the Collection+JSON envelope, the HTTP client (against
// an in-process httplib server) and the result printer.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <sstream>
#include <thread>

#include "api/token.h"
#include "client/api_client.h"
#include "client/fleet_command.h"
#include "client/fleet_options.h"
#include "client/migrc.h"
#include "client/result_printer.h"
#include "core/documents_json.h"
#include "core/pgp/keyring.h"
#include "core/pgp/verify.h"
#include "gnupg_home.h"
#include "test_env.h"

namespace mig::client {
namespace {

TEST(Migrc, ReadsMigSections) {
  auto rc = ParseMigrc(
      "[api]\n  url = \"http://127.0.0.1:1664/api/v1\"\n  skipverifycert = on\n"
      "[gpg]\n  home = \"/tmp/gpg\"\n  keyid = \"ABCD\"\n  keyserver = \"hkp://k\"\n"
      "[targets]\n  macro = allonline:status='online'\n"
      "  macro = linux:environment->>'os'='linux'\n",
      "rc");
  ASSERT_TRUE(rc.ok()) << rc.error();
  EXPECT_EQ(rc->api_url, "http://127.0.0.1:1664/api/v1/");  // slash added
  EXPECT_TRUE(rc->skip_verify_cert);
  EXPECT_EQ(rc->gpg_home, "/tmp/gpg");
  EXPECT_EQ(rc->key_id, "ABCD");
  EXPECT_EQ(rc->keyserver, "hkp://k");
  EXPECT_EQ(rc->macros.at("allonline"), "status='online'");
  EXPECT_EQ(rc->macros.at("linux"), "environment->>'os'='linux'");
  EXPECT_TRUE(rc->api_key.empty());
}

TEST(Migrc, RefusesWhatItCannotUseAndSaysWhatToWrite) {
  auto rc = ParseMigrc("[gpg]\n  keyid = \"ABCD\"\n", "my.rc");
  ASSERT_FALSE(rc.ok());
  EXPECT_NE(rc.error().find("[api] url is missing"), std::string::npos) << rc.error();
  rc = ParseMigrc("[api]\n  url = \"http://x/\"\n  colour = blue\n", "my.rc");
  ASSERT_FALSE(rc.ok());
  EXPECT_NE(rc.error().find("unknown key(s) api.colour"), std::string::npos) << rc.error();
  rc = ParseMigrc("[api]\n  url = \"http://x/\"\n[targets]\n  macro = nocolon\n", "my.rc");
  ASSERT_FALSE(rc.ok());
  EXPECT_NE(rc.error().find("NAME:TARGET"), std::string::npos) << rc.error();
  auto missing = LoadMigrc("/nonexistent/migrc");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().find("no configuration at /nonexistent/migrc"), std::string::npos);
  EXPECT_NE(missing.error().find("[api]"), std::string::npos);
  EXPECT_NE(missing.error().find("-c FILE"), std::string::npos);
  // The example it suggests is itself a valid migrc.
  EXPECT_TRUE(ParseMigrc(MigrcExample(), "example").ok());
}

// Signing with the migrc's GnuPG home and key; $MIGPGPPASSPHRASE answers
// the passphrase prompt of a protected key.
TEST(Migrc, SignsWithTheConfiguredKeyAndPassphrase) {
  test::GnuPGHome home;
  auto gen =
      home.Gpg("--passphrase s3cret --quick-gen-key 'Prot <p@example.net>' ed25519 sign never");
  ASSERT_EQ(gen.exit_code, 0) << gen.output;
  auto list = home.Gpg("--with-colons --list-secret-keys");
  const size_t at = list.output.find("\nfpr:");
  ASSERT_NE(at, std::string::npos) << list.output;
  const std::string fpr = list.output.substr(at + 13, 40);
  Migrc rc;
  rc.path = "rc";
  rc.gpg_home = home.path();
  rc.key_id = fpr;
  setenv("MIGPGPPASSPHRASE", "wrong", 1);
  auto bad = SignWithMigrc(rc, "data");
  EXPECT_FALSE(bad.ok());
  if (!bad.ok()) {
    EXPECT_NE(bad.error().find("[gpg] keyid " + fpr), std::string::npos);
  }
  setenv("MIGPGPPASSPHRASE", "s3cret", 1);
  std::string signer;
  auto sig = SignWithMigrc(rc, "data", &signer);
  unsetenv("MIGPGPPASSPHRASE");
  ASSERT_TRUE(sig.ok()) << sig.error();
  EXPECT_EQ(signer, fpr);
  auto keyring = pgp::KeyringFromArmoredKeys({home.ExportPublic(fpr)});
  ASSERT_TRUE(keyring.ok());
  EXPECT_TRUE(pgp::VerifySignature(*keyring, "data", *sig).valid());
}

TEST(FleetOptions, GlobalFlagsThenModuleFlags) {
  auto o = ParseFleetOptions({"-t", "allonline", "-e=10m", "-show", "all", "-o", "json", "-z",
                              "-target-found", "42", "-path", "/etc", "-name", "passwd"});
  ASSERT_TRUE(o.ok()) << o.error();
  EXPECT_EQ(o->target, "allonline");
  EXPECT_EQ(o->expiration_seconds, 600);
  EXPECT_EQ(o->show, ShowMode::kAll);
  EXPECT_TRUE(o->json);
  EXPECT_TRUE(o->compress);
  EXPECT_EQ(o->target_found, 42);
  EXPECT_EQ(o->module_args, (std::vector<std::string>{"-path", "/etc", "-name", "passwd"}));

  o = ParseFleetOptions({"-o", "ocsf", "-path", "/"});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->findings_format, output::Format::kOcsf);
  EXPECT_FALSE(o->json);
  o = ParseFleetOptions({"-o", "ecs", "-o", "json"});  // the last -o wins
  ASSERT_TRUE(o.ok());
  EXPECT_FALSE(o->findings_format);
  EXPECT_TRUE(o->json);
  EXPECT_EQ(ParseFleetOptions({"-o", "ecs"})->findings_format, output::Format::kEcs);

  o = ParseFleetOptions({"-t", "local", "-path", "/"});
  ASSERT_TRUE(o.ok());
  EXPECT_TRUE(o->local);
  o = ParseFleetOptions({"-i", "a.json", "-c", "rc", "-v"});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->action_file, "a.json");
  EXPECT_EQ(o->config_path, "rc");
  EXPECT_TRUE(o->verbose);
  EXPECT_EQ(o->expiration_seconds, kDefaultExpirationSeconds);
}

TEST(FleetOptions, BadValuesSayWhatIsWanted) {
  auto bad = [](std::vector<std::string> args) {
    auto o = ParseFleetOptions(args);
    return o.ok() ? std::string("accepted") : o.error();
  };
  EXPECT_NE(bad({"-e", "300"}).find("-e wants a duration"), std::string::npos);
  EXPECT_NE(bad({"-show", "some"}).find("found, notfound or all"), std::string::npos);
  EXPECT_NE(bad({"-o", "xml"}).find("-o wants json"), std::string::npos);
  EXPECT_NE(bad({"-o", "OCSF"}).find("ocsf or ecs"), std::string::npos);
  EXPECT_NE(bad({"-target-found", "x"}).find("action ID"), std::string::npos);
  EXPECT_NE(bad({"-t"}).find("-t needs a value"), std::string::npos);
  EXPECT_NE(bad({"-p", "-s"}).find("exclude"), std::string::npos);
  EXPECT_NE(bad({"-z=1"}).find("takes no value"), std::string::npos);
}

TEST(FleetOptions, TargetsMacrosAndFoundRestrictions) {
  FleetOptions o;
  EXPECT_EQ(ResolveTarget(o, {}), "status='online'");
  o.target = "linux";
  EXPECT_EQ(ResolveTarget(o, {{"linux", "environment->>'os'='linux'"}}),
            "environment->>'os'='linux'");
  o.target = "name='a'";
  o.target_found = 7;
  const std::string t = ResolveTarget(o, {});
  EXPECT_EQ(t.rfind("(name='a') AND id IN (select agentid from commands", 0), 0u) << t;
  EXPECT_NE(t.find("actionid=7 and r#>>'{foundanything}' = 'true'"), std::string::npos);
  EXPECT_EQ(DefaultActionName("file", {"-path", "/etc"}), "file -path /etc");
  EXPECT_EQ(DefaultActionName("file", std::vector<std::string>(80, "abc")).size(), 100u);
}

TEST(FleetCommand, BuildsAnActionAgentsAccept) {
  FleetOptions o;
  o.target = "name='host1'";
  o.expiration_seconds = 120;
  o.module_args = {"-name", "x"};
  const Time now = Time::Now();
  Action a =
      BuildFleetAction("file", Json::parse(R"({"searches":{"s1":{"names":["x"]}}})"), o, {}, now);
  EXPECT_EQ(a.name, "file -name x");
  EXPECT_EQ(a.target, "name='host1'");
  EXPECT_EQ(a.expire_after.seconds - now.seconds, 120);
  EXPECT_EQ(now.seconds - a.valid_from.seconds, 60);
  ASSERT_TRUE(a.operations.has_value());
  EXPECT_EQ((*a.operations)[0].module, "file");
  EXPECT_FALSE((*a.operations)[0].is_compressed);
  o.compress = true;
  a = BuildFleetAction("file", Json::parse(R"({"searches":{}})"), o, {}, now);
  EXPECT_TRUE((*a.operations)[0].is_compressed);
  EXPECT_TRUE((*a.operations)[0].parameters.is_string());
}

// Against an API without the follow endpoint (MIG's own), mig polls the
// action and pages through the commands, as MIG's client does.
TEST(FleetCommand, FallsBackToPollingWithoutTheFollowEndpoint) {
  test::GnuPGHome home;
  const std::string fpr = home.GenerateKey("Poller <p@example.net>", "ed25519");
  ASSERT_FALSE(fpr.empty());
  const std::string command = R"({"id":11,"action":{"id":99,"name":"n","target":"t",
    "validfrom":"2020-01-01T00:00:00Z","expireafter":"2020-01-01T00:00:00Z","operations":[]},
    "agent":{"id":3,"name":"host1"},"status":"success","results":[{"foundanything":true,
    "success":true,"elements":{"s1":[{"file":"/etc/passwd","search":{},"fileinfo":{"size":10,
    "mode":"-rw-r--r--","lastmodified":"x"}}]},"statistics":{},"errors":null}]})";
  const std::string action = R"({"id":99,"name":"n","target":"t","status":"completed",
    "validfrom":"2020-01-01T00:00:00Z","expireafter":"2020-01-01T00:00:00Z","operations":[],
    "counters":{"sent":1,"done":1,"success":1}})";
  auto envelope = [](const std::string& name, const std::string& value) {
    return R"({"collection":{"version":"1.0","href":"h","items":[{"href":"h","data":[{"name":")" +
           name + R"(","value":)" + value + R"(}]}],"template":{},"error":{}}})";
  };
  const std::string none =
      R"({"collection":{"version":"1.0","href":"h","template":{},"error":{"code":"1","message":"no results found"}}})";
  httplib::Server server;
  std::string posted;
  server.Get("/api/v1/search", [&](const httplib::Request& req, httplib::Response& res) {
    if (req.get_param_value("type") == "agent") {
      res.set_content(envelope("agent", R"({"id":3,"name":"host1"})"), "application/json");
    } else if (req.get_param_value("offset") == "0" && req.get_param_value("actionid") == "99") {
      res.set_content(envelope("command", command), "application/json");
    } else {
      res.status = 404;
      res.set_content(none, "application/json");
    }
  });
  server.Post("/api/v1/action/create/", [&](const httplib::Request& req, httplib::Response& res) {
    posted = req.get_param_value("action");
    res.status = 202;
    res.set_content(envelope("action ID 99", action), "application/json");
  });
  server.Get("/api/v1/action", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(envelope("action", action), "application/json");
  });
  const int port = test::FreeLoopbackPort();
  std::thread t([&] { server.listen("127.0.0.1", port); });
  for (int i = 0; i < 200 && !server.is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  test::TempDir dir;
  test::WriteFile(dir.Sub("rc"), "[api]\n  url = \"http://127.0.0.1:" + std::to_string(port) +
                                     "/api/v1/\"\n[gpg]\n  home = \"" + home.path() +
                                     "\"\n  keyid = \"" + fpr + "\"\n");
  FleetOptions o;
  o.config_path = dir.Sub("rc");
  o.target = "name='host1'";
  ::testing::internal::CaptureStdout();
  const int code =
      RunFleetCommand("file", Json::parse(R"({"searches":{"s1":{"names":["x"]}}})"), o);
  const std::string out = ::testing::internal::GetCapturedStdout();
  server.stop();
  t.join();
  EXPECT_EQ(code, 0);
  EXPECT_EQ(out.rfind("host1 file /etc/passwd [", 0), 0u) << out;
  // What was posted is the signed action.
  auto sent = ParseAction(posted);
  ASSERT_TRUE(sent.ok()) << posted;
  EXPECT_EQ(sent->target, "name='host1'");
  EXPECT_EQ(sent->pgp_signatures.size(), 1u);
}

TEST(Collection, DecodesItemsAndErrors) {
  auto c = ParseCollection(
      R"({"collection":{"version":"1.0","href":"http://h/api/v1/action?actionid=5",
      "items":[{"href":"http://h/api/v1/action?actionid=5","data":[{"name":"action","value":{"id":5}}]}],
      "template":{},"error":{}}})");
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->href, "http://h/api/v1/action?actionid=5");
  ASSERT_EQ(c->items.size(), 1u);
  EXPECT_EQ(c->items[0].Value("action")["id"], 5);
  EXPECT_TRUE(c->items[0].Value("other").is_null());
  EXPECT_TRUE(c->error_message.empty());

  c = ParseCollection(
      R"({"collection":{"version":"1.0","href":"x","template":{},"error":{"code":"123","message":"invalid target"}}})");
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->items.empty());
  EXPECT_EQ(c->error_code, "123");
  EXPECT_EQ(c->error_message, "invalid target");

  EXPECT_FALSE(ParseCollection("<html>").ok());
  EXPECT_FALSE(ParseCollection(R"({"items":[]})").ok());
  EXPECT_FALSE(ParseCollection(R"({"collection":{"items":{}}})").ok());
}

// A fake API on a loopback port.
class FakeApi : public ::testing::Test {
 protected:
  void SetUp() override {
    port_ = test::FreeLoopbackPort();
    server_.Get("/api/v1/dashboard", [this](const httplib::Request& req, httplib::Response& res) {
      token_ = req.get_header_value("X-PGPAUTHORIZATION");
      key_ = req.get_header_value("X-MIGAPIKEY");
      agent_ = req.get_header_value("User-Agent");
      res.set_content(R"({"collection":{"version":"1.0","href":"h","items":[{"href":"h",
        "data":[{"name":"online agents","value":3}]}],"template":{},"error":{}}})",
                      "application/json");
    });
    server_.Get("/api/v1/search", [](const httplib::Request&, httplib::Response& res) {
      res.status = 404;
      res.set_content(R"({"collection":{"version":"1.0","href":"h","template":{},
        "error":{"code":"9","message":"no results found"}}})",
                      "application/json");
    });
    server_.Post("/api/v1/action/create/",
                 [this](const httplib::Request& req, httplib::Response& res) {
                   posted_ = req.get_param_value("action");
                   res.status = 400;
                   res.set_content(R"({"collection":{"version":"1.0","href":"h","template":{},
        "error":{"code":"7","message":"invalid target: unexpected 'x' at byte 3"}}})",
                                   "application/json");
                 });
    server_.Get("/api/v1/action/follow", [](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider("text/event-stream", [](size_t, httplib::DataSink& sink) {
        const std::string s =
            "event: command\ndata: {\"a\":1}\n\n: comment\nevent: action\r\ndata: one\r\n"
            "data: two\r\n\r\nevent: end\ndata: {}\n\n";
        sink.write(s.data(), s.size());
        sink.done();
        return true;
      });
    });
    thread_ = std::thread([this] { server_.listen("127.0.0.1", port_); });
    for (int i = 0; i < 200 && !server_.is_running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  void TearDown() override {
    server_.stop();
    thread_.join();
  }
  std::unique_ptr<ApiClient> Client(ApiClientOptions o = {}) {
    if (o.url.empty()) o.url = "http://127.0.0.1:" + std::to_string(port_) + "/api/v1";
    if (!o.signer && o.api_key.empty())
      o.signer = [](const std::string& data) -> Result<std::string> {
        return "SIG" + std::to_string(data.size());
      };
    auto c = ApiClient::Create(o);
    EXPECT_TRUE(c.ok()) << c.error();
    return std::move(*c);
  }
  int port_ = 0;
  httplib::Server server_;
  std::thread thread_;
  std::string token_, key_, agent_, posted_;
};

TEST_F(FakeApi, GetSendsASignedTokenAndDecodes) {
  auto c = Client();
  EXPECT_EQ(c->url(), "http://127.0.0.1:" + std::to_string(port_) + "/api/v1/");
  auto r = c->Get("dashboard");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->items[0].Value("online agents"), 3);
  // The token is what the API parses: version 1, a fixed-layout time, a
  // nonce, and our signer's output over "1;<time>;<nonce>\n".
  auto tok = api::ParseToken(token_);
  ASSERT_TRUE(tok.ok()) << token_ << ": " << tok.error();
  EXPECT_EQ(tok->signature, "SIG" + std::to_string(tok->signed_data.size()));
  EXPECT_LE(std::abs(tok->time.seconds - Time::Now().seconds), 5);
  EXPECT_EQ(agent_.rfind("MIG Client mig-", 0), 0u);
  const std::string first_nonce = tok->nonce;
  ASSERT_TRUE(c->Get("dashboard").ok());
  EXPECT_NE(api::ParseToken(token_)->nonce, first_nonce);  // a fresh token each time
}

TEST_F(FakeApi, ApiKeyInsteadOfToken) {
  ApiClientOptions o;
  o.api_key = "abcdefghijklmnopqrstuvwxyz012345";
  auto c = Client(o);
  ASSERT_TRUE(c->Get("dashboard").ok());
  EXPECT_EQ(key_, o.api_key);
  EXPECT_TRUE(token_.empty());
}

TEST_F(FakeApi, ErrorsCarryTheServersMessage) {
  auto c = Client();
  auto r = c->PostForm("action/create/", {{"action", "{\"name\":\"a b&c\"}"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().http_status, 400);
  EXPECT_EQ(r.error().message, "invalid target: unexpected 'x' at byte 3");
  EXPECT_NE(r.error().ToString().find("/api/v1/action/create/: HTTP 400: invalid target"),
            std::string::npos);
  EXPECT_EQ(posted_, "{\"name\":\"a b&c\"}");  // form-encoded and decoded intact
  // An empty search is no error.
  auto s = c->Get("search?type=command&actionid=1");
  ASSERT_TRUE(s.ok()) << s.error().ToString();
  EXPECT_TRUE(s->items.empty());
  // Unknown endpoint of a fake without a C+J 404: the body or the status.
  auto u = c->Get("nothing");
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.error().http_status, 404);
  // A signer that fails never reaches the server.
  ApiClientOptions o;
  o.signer = [](const std::string&) -> Result<std::string> {
    return Status::Error("no secret key");
  };
  auto f = Client(o)->Get("dashboard");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().http_status, 0);
  EXPECT_NE(f.error().message.find("no secret key"), std::string::npos);
}

TEST_F(FakeApi, FollowReadsServerSentEvents) {
  auto c = Client();
  std::vector<std::pair<std::string, std::string>> events;
  auto r = c->Follow("action/follow?actionid=1", [&](const std::string& e, const std::string& d) {
    events.emplace_back(e, d);
    return true;
  });
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0], (std::pair<std::string, std::string>{"command", "{\"a\":1}"}));
  EXPECT_EQ(events[1], (std::pair<std::string, std::string>{"action", "one\ntwo"}));
  EXPECT_EQ(events[2].first, "end");
}

TEST(ApiClient, UnreachableAndBadUrls) {
  auto with_url = [](const std::string& url) {
    ApiClientOptions o;
    o.url = url;
    return o;
  };
  EXPECT_FALSE(ApiClient::Create(with_url("ftp://x/")).ok());
  EXPECT_FALSE(ApiClient::Create(with_url("mig.example.net")).ok());
  ApiClientOptions o;
  o.url = "http://127.0.0.1:" + std::to_string(test::FreeLoopbackPort()) + "/api/v1/";
  o.api_key = "k";
  auto c = ApiClient::Create(o);
  ASSERT_TRUE(c.ok());
  auto r = (*c)->Get("dashboard");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().http_status, 0);
  EXPECT_NE(r.error().ToString().find(o.url + "dashboard: cannot reach the API"), std::string::npos)
      << r.error().ToString();
}

// The action of the printer tests: one file operation.
Action FileAction() {
  Action a;
  a.operations = std::vector<Operation>{{"file", Json::object(), false, false}};
  return a;
}

// Command `id` of host1 with that status and results (a JSON array).
Result<Command> HostCommand(int id, const std::string& status, const std::string& results) {
  return ParseCommand(R"({"id":)" + std::to_string(id) + R"(,"action":{"id":5,"name":"n",
    "target":"t","validfrom":"2020-01-01T00:00:00Z","expireafter":"2020-01-01T00:00:00Z",
    "operations":[]},"agent":{"id":3,"name":"host1"},"status":")" +
                      status + R"(","results":)" + results + "}");
}

TEST(ResultPrinter, OneLinePerFindingAndTheShowFilter) {
  const Action a = FileAction();
  auto cmd = HostCommand(11, "success", R"([{"foundanything":true,
    "success":true,"elements":{"s1":[{"file":"/etc/passwd","search":{},"fileinfo":{"size":10,
    "mode":"-rw-r--r--","lastmodified":"2020-01-01 00:00:00 +0000 UTC"}}]},"statistics":{},
    "errors":null}])");
  ASSERT_TRUE(cmd.ok()) << cmd.error();
  std::ostringstream text, json, notfound;
  ResultPrinter p(a, ShowMode::kFound, false, text);
  p.Add(*cmd);
  p.Add(*cmd);  // printed once
  EXPECT_EQ(text.str().rfind("host1 file /etc/passwd [", 0), 0u) << text.str();
  const std::string printed = text.str();
  EXPECT_EQ(std::count(printed.begin(), printed.end(), '\n'), 1) << printed;
  EXPECT_TRUE(p.any_found());
  ResultPrinter pj(a, ShowMode::kFound, true, json);
  pj.Add(*cmd);
  auto line = Json::parse(json.str());
  EXPECT_EQ(line["agent"], "host1");
  EXPECT_EQ(line["module"], "file");
  EXPECT_EQ(line["commandid"], 11);
  EXPECT_EQ(line["elements"]["s1"][0]["file"], "/etc/passwd");
  ResultPrinter pn(a, ShowMode::kNotFound, false, notfound);
  pn.Add(*cmd);
  EXPECT_EQ(notfound.str(), "");
  cmd->id = 12;
  cmd->status = "timeout";
  pn.Add(*cmd);
  ASSERT_EQ(pn.problems().size(), 1u);
  EXPECT_EQ(pn.problems()[0], "host1: command timeout");
  EXPECT_EQ(pn.agents_found(), 1u);  // the first command; a timeout finds nothing
}

TEST(ResultPrinter, DanglingLinksAreCountedNotReportedAsProblems) {
  const Action a = FileAction();
  auto cmd = HostCommand(31, "success", R"([{"foundanything":false,
    "success":true,"elements":{},"statistics":{},"errors":[
    "ERROR: followSymLink() -> stat /etc/modules-load.d/modules.conf: no such file or directory",
    "ERROR: followSymLink() -> stat /etc/broken: no such file or directory"]}])");
  ASSERT_TRUE(cmd.ok()) << cmd.error();
  std::ostringstream out;
  ResultPrinter p(a, ShowMode::kFound, false, out);
  p.Add(*cmd);
  EXPECT_TRUE(p.problems().empty()) << p.problems()[0];
  EXPECT_EQ(p.skipped_entries(), 2u);
  ASSERT_EQ(p.skipped_examples().size(), 2u);
  EXPECT_EQ(p.skipped_examples()[0],
            "host1: stat /etc/modules-load.d/modules.conf: no such file or directory");
  // Any other error is still a problem, listed with the module.
  cmd->id = 32;
  cmd->results[0].errors.push_back("walking /root: permission denied");
  p.Add(*cmd);
  ASSERT_EQ(p.problems().size(), 1u);
  EXPECT_EQ(p.problems()[0], "host1: file: walking /root: permission denied");
  EXPECT_EQ(p.skipped_entries(), 4u);
}

TEST(ResultPrinter, JsonPrintsFailuresWhateverTheShowFilter) {
  const Action a = FileAction();
  auto cmd = HostCommand(21, "failed", R"([{"foundanything":false,
    "success":false,"elements":null,"statistics":null,"errors":["module file refused"]}])");
  ASSERT_TRUE(cmd.ok()) << cmd.error();
  std::ostringstream json, text;
  ResultPrinter pj(a, ShowMode::kFound, true, json);
  pj.Add(*cmd);
  auto line = Json::parse(json.str());
  EXPECT_EQ(line["agent"], "host1");
  EXPECT_EQ(line["commandid"], 21);
  EXPECT_EQ(line["status"], "failed");
  ASSERT_EQ(line["errors"].size(), 1u);
  EXPECT_EQ(line["errors"][0], "module file refused");
  // People get failures in the summary, not as lines, unless -show all.
  ResultPrinter pt(a, ShowMode::kFound, false, text);
  pt.Add(*cmd);
  EXPECT_EQ(text.str(), "");
  EXPECT_EQ(pt.problems().size(), 1u);

  // A module that failed inside a successful command: a JSON line too.
  cmd->id = 22;
  cmd->status = "success";
  std::ostringstream json2;
  ResultPrinter pm(a, ShowMode::kFound, true, json2);
  pm.Add(*cmd);
  auto mline = Json::parse(json2.str());
  EXPECT_EQ(mline["module"], "file");
  EXPECT_EQ(mline["success"], false);
  EXPECT_EQ(mline["errors"][0], "module file refused");
}

// -o ocsf|ecs: the output library's lines, one per finding, and the same
// counts for the summary.
TEST(ResultPrinter, StandardFormatsPrintTheLibrarysFindingLines) {
  const Action a = FileAction();
  auto cmd = HostCommand(41, "success", R"([{"foundanything":true,
    "success":true,"elements":{"s1":[{"file":"/etc/passwd","search":{},"fileinfo":{"size":10,
    "mode":"-rw-r--r--","lastmodified":"x"}},{"file":"/etc/group","search":{},"fileinfo":{}}]},
    "statistics":{},"errors":null}])");
  ASSERT_TRUE(cmd.ok()) << cmd.error();
  std::ostringstream ocsf, ecs;
  ResultPrinter po(a, ShowMode::kFound, output::Format::kOcsf, ocsf);
  po.Add(*cmd);
  EXPECT_TRUE(po.any_found());
  std::istringstream lines(ocsf.str());
  std::string l;
  std::vector<Json> docs;
  while (std::getline(lines, l))
    docs.push_back(Json::parse(l));
  ASSERT_EQ(docs.size(), 2u) << ocsf.str();
  EXPECT_EQ(docs[0]["class_uid"], 2004);
  EXPECT_EQ(docs[0]["device"]["hostname"], "host1");
  EXPECT_EQ(docs[1]["evidences"][0]["file"]["path"], "/etc/group");
  // The action ID comes from the command when the printer's copy has none.
  EXPECT_EQ(docs[0]["metadata"]["correlation_uid"], "5");

  ResultPrinter pe(a, ShowMode::kFound, output::Format::kEcs, ecs);
  cmd->id = 42;
  cmd->status = "expired";
  pe.Add(*cmd);
  const Json e = Json::parse(ecs.str());
  EXPECT_EQ(e["event"]["outcome"], "failure");
  EXPECT_EQ(e["error"]["message"].get<std::string>().rfind("command expired", 0), 0u);
  EXPECT_EQ(pe.problems().size(), 1u);
}

}  // namespace
}  // namespace mig::client
