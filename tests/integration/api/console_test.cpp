// The web console's side of mig-api: its files under /console/ (headers,
// types, every way out of root refused) and the endpoints it asks (/me,
// /agent/count, /action/findings, /acl), against SQLite and PostgreSQL.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "api/form.h"
#include "api/investigators.h"
#include "api/permissions.h"
#include "api_harness.h"
#include "attack_support.h"
#include "core/documents_json.h"
#include "output/command_findings.h"

namespace mig::test {
namespace {

using nlohmann::json;

constexpr const char* kOutsideSecret = "TOPSECRET-OUTSIDE-ROOT";
constexpr const char* kDotSecret = "TOPSECRET-DOT-FILE";
constexpr const char* kIndex = "<!doctype html><title>MIG</title><script src=\"app.js\"></script>";
constexpr const char* kAppJs = "document.title = 'MIG';\n";

const char* kFileResult = R"({"foundanything":true,"success":true,"elements":{"s1":[
 {"file":"/etc/passwd","search":{"paths":["/etc"],"names":["^passwd$"],"options":{"maxdepth":0}},
  "fileinfo":{"size":2011,"mode":"-rw-r--r--","lastmodified":"2024-05-01 10:00:00 +0000 UTC"}}]},
 "statistics":{},"errors":null})";

// An answer read off a raw connection: nothing normalises the request
// target on the way (an HTTP library might clean "..").
struct RawAnswer {
  int status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body, all;
};

RawAnswer Raw(int port, const std::string& method, const std::string& target) {
  RawConnection c(port);
  EXPECT_TRUE(c.connected());
  c.Send(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  RawAnswer a;
  a.all = c.Received("", std::chrono::seconds(10));
  const size_t head_end = a.all.find("\r\n\r\n");
  if (a.all.rfind("HTTP/1.1 ", 0) != 0 || head_end == std::string::npos) return a;
  a.status = std::atoi(a.all.c_str() + 9);
  a.body = a.all.substr(head_end + 4);
  size_t pos = a.all.find("\r\n") + 2;
  while (pos < head_end) {
    const size_t eol = a.all.find("\r\n", pos);
    const std::string line = a.all.substr(pos, eol - pos);
    const size_t colon = line.find(':');
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), ::tolower);
    a.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
    pos = eol + 2;
  }
  return a;
}

void ExpectConsoleHeaders(const RawAnswer& a, const std::string& what) {
  EXPECT_NE(a.headers.count("content-security-policy"), 0u) << what << "\n" << a.all;
  if (a.headers.count("content-security-policy")) {
    const std::string& csp = a.headers.at("content-security-policy");
    EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << what;
    EXPECT_NE(csp.find("script-src 'self';"), std::string::npos) << what;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << what;
  }
  auto header = [&](const char* name) {
    auto it = a.headers.find(name);
    return it == a.headers.end() ? std::string("<absent>") : it->second;
  };
  EXPECT_EQ(header("x-content-type-options"), "nosniff") << what;
  EXPECT_EQ(header("referrer-policy"), "no-referrer") << what;
  EXPECT_EQ(header("x-frame-options"), "DENY") << what;
  EXPECT_EQ(header("cache-control"), "no-cache") << what;
}

// A console root: index.html, app.js, a sub-directory, and what must never
// be served: a dot file, links out of root, a FIFO; a file beside root.
class ConsoleRoot {
 public:
  ConsoleRoot() {
    WriteFile(dir_.Sub("api.cfg"), std::string("[server]\n password = ") + kOutsideSecret + "\n");
    EXPECT_EQ(::mkdir(root().c_str(), 0755), 0);
    EXPECT_EQ(::mkdir((root() + "/sub").c_str(), 0755), 0);
    WriteFile(root() + "/index.html", kIndex);
    WriteFile(root() + "/app.js", kAppJs);
    WriteFile(root() + "/sub/style.css", "body{}");
    WriteFile(root() + "/.secret", kDotSecret);
    EXPECT_EQ(::symlink("../api.cfg", (root() + "/out.cfg").c_str()), 0);
    EXPECT_EQ(::symlink("..", (root() + "/up").c_str()), 0);
    EXPECT_EQ(::symlink(".secret", (root() + "/dotlink").c_str()), 0);
    EXPECT_EQ(::mkfifo((root() + "/fifo").c_str(), 0644), 0);
    WriteFile(dir_.Sub("acl.json"),
              R"({"default":{"minimumweight":2,"investigators":{"Admin":{"fingerprint":"AB12",)"
              R"("weight":1}}}})");
  }
  std::string root() const { return dir_.Sub("console"); }
  std::string acl() const { return dir_.Sub("acl.json"); }
  std::string dir() const { return dir_.path(); }

 private:
  TempDir dir_{"mig-console-root"};
};

class ConsoleFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    h_ = std::make_unique<ApiHarness>(
        "sqlite", false, [this](api::ApiConfig& c) { c.console_root = files_.root(); });
    ASSERT_TRUE(h_->ok()) << h_->error();
  }
  ConsoleRoot files_;
  std::unique_ptr<ApiHarness> h_;
};

TEST_F(ConsoleFilesTest, ServesFilesWithoutAuthenticationAndWithStrictHeaders) {
  auto a = Raw(h_->port(), "GET", "/console/");
  EXPECT_EQ(a.status, 200) << a.all;
  EXPECT_EQ(a.body, kIndex);
  EXPECT_EQ(a.headers["content-type"], "text/html; charset=utf-8");
  ExpectConsoleHeaders(a, "/console/");

  a = Raw(h_->port(), "GET", "/console/app.js");
  EXPECT_EQ(a.status, 200) << a.all;
  EXPECT_EQ(a.body, kAppJs);
  EXPECT_EQ(a.headers["content-type"], "text/javascript; charset=utf-8");
  ExpectConsoleHeaders(a, "/console/app.js");

  a = Raw(h_->port(), "GET", "/console/sub/style.css");
  EXPECT_EQ(a.status, 200) << a.all;
  EXPECT_EQ(a.headers["content-type"], "text/css; charset=utf-8");

  a = Raw(h_->port(), "HEAD", "/console/app.js");
  EXPECT_EQ(a.status, 200) << a.all;
  EXPECT_EQ(a.body, "");
  EXPECT_EQ(a.headers["content-length"], std::to_string(std::string(kAppJs).size()));
  ExpectConsoleHeaders(a, "HEAD /console/app.js");

  a = Raw(h_->port(), "GET", "/console");
  EXPECT_EQ(a.status, 301) << a.all;
  EXPECT_EQ(a.headers["location"], "/console/");
  ExpectConsoleHeaders(a, "/console");

  a = Raw(h_->port(), "GET", "/console/nothing.js");
  EXPECT_EQ(a.status, 404) << a.all;
  ExpectConsoleHeaders(a, "/console/nothing.js");
  auto doc = json::parse(a.body, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << a.body;
  EXPECT_NE(doc["collection"]["error"]["message"].get<std::string>().find("no such console file"),
            std::string::npos);

  for (const char* method : {"POST", "PUT", "DELETE", "OPTIONS"}) {
    a = Raw(h_->port(), method, "/console/app.js");
    EXPECT_EQ(a.status, 405) << method << "\n" << a.all;
    EXPECT_EQ(a.headers["allow"], "GET, HEAD") << method;
    ExpectConsoleHeaders(a, method);
  }
  // A query string changes nothing.
  a = Raw(h_->port(), "GET", "/console/app.js?v=1");
  EXPECT_EQ(a.status, 200) << a.all;
  EXPECT_EQ(a.body, kAppJs);
}

TEST_F(ConsoleFilesTest, NothingOutsideRootIsEverServed) {
  const std::vector<std::string> attempts = {
      "/console/../api.cfg",
      "/console/%2e%2e/api.cfg",
      "/console/%2E%2E/api.cfg",
      "/console/..%2fapi.cfg",
      "/console/%2e%2e%2fapi.cfg",
      "/console/sub%2f..%2f..%2fapi.cfg",
      "/console/sub/%2e%2e/%2e%2e/api.cfg",
      "/console/.%2e/api.cfg",
      "/console/%5c..%5capi.cfg",
      "/console/..%5capi.cfg",
      "/console/out.cfg",
      "/console/up/api.cfg",
      "/console/up/console/.secret",
      "/console/.secret",
      "/console/%2esecret",
      "/console/dotlink",
      "/console/fifo",
      "/console/sub",
      "/console/sub/",
      "/console//etc/passwd",
      "/console/%2fetc%2fpasswd",
      "/console/app.js%00.html",
      "/console/.",
      "/console/%2e",
      "/console/" + files_.dir() + "/api.cfg",
  };
  for (const auto& target : attempts) {
    for (const char* method : {"GET", "HEAD"}) {
      auto a = Raw(h_->port(), method, target);
      EXPECT_NE(a.status, 200) << method << " " << target << "\n" << a.all;
      EXPECT_NE(a.status, 0) << method << " " << target << ": no answer";
      EXPECT_EQ(a.all.find(kOutsideSecret), std::string::npos) << target;
      EXPECT_EQ(a.all.find(kDotSecret), std::string::npos) << target;
      EXPECT_EQ(a.all.find("root:"), std::string::npos) << target;
      ExpectConsoleHeaders(a, target);
    }
  }
  // A redirect that cleaned the path leads out of the console, to the API,
  // which has no such file either.
  auto a = Raw(h_->port(), "GET", "/console/../api.cfg");
  if (a.status == 301) {
    EXPECT_EQ(a.headers["location"], "/api.cfg");
    auto next = Raw(h_->port(), "GET", a.headers["location"]);
    EXPECT_EQ(next.status, 404);
    EXPECT_EQ(next.all.find(kOutsideSecret), std::string::npos);
  }
  // The FIFO held no worker: the server still answers at once.
  a = Raw(h_->port(), "GET", "/console/app.js");
  EXPECT_EQ(a.status, 200);
}

TEST(ConsoleOff, EveryConsolePathIs404WithHeaders) {
  ApiHarness h("sqlite");
  ASSERT_TRUE(h.ok()) << h.error();
  for (const char* target : {"/console/", "/console/index.html", "/console/app.js"}) {
    auto a = Raw(h.port(), "GET", target);
    EXPECT_EQ(a.status, 404) << target << "\n" << a.all;
    EXPECT_NE(a.body.find("not enabled"), std::string::npos) << a.body;
    ExpectConsoleHeaders(a, target);
  }
  // /acl without [console] acl.
  auto cli = h.Client();
  auto r = cli->Get("/api/v1/acl",
                    {{"X-PGPAUTHORIZATION", ApiHarness::Token(TestKeys::Get().admin_sec)}});
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 404) << r->body;
  auto doc = json::parse(r->body);
  EXPECT_NE(doc["collection"]["error"]["message"].get<std::string>().find("[console] acl"),
            std::string::npos)
      << r->body;
}

TEST(ConsoleStart, BadRootOrAclIsAStartUpError) {
  ConsoleRoot files;
  WriteFile(files.dir() + "/bad-acl.json", R"({"default":{"minimumweight":"two"}})");
  for (const auto& [root, acl] :
       std::vector<std::pair<std::string, std::string>>{{files.dir() + "/missing", ""},
                                                        {files.dir() + "/api.cfg", ""},
                                                        {"", files.dir() + "/bad-acl.json"},
                                                        {"", files.dir() + "/missing.json"}}) {
    ApiHarness h("sqlite", false, [&](api::ApiConfig& c) {
      c.console_root = root;
      c.console_acl = acl;
    });
    EXPECT_FALSE(h.ok()) << root << " " << acl;
    EXPECT_NE(h.error().find(root.empty() ? "console.acl" : "console.root"), std::string::npos)
        << h.error();
  }
}

class ConsoleApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    h_ = std::make_unique<ApiHarness>(GetParam(), false, [this](api::ApiConfig& c) {
      c.console_root = files_.root();
      c.console_acl = files_.acl();
    });
    ASSERT_TRUE(h_->ok()) << h_->error();
    cli_ = h_->Client();
  }
  static httplib::Headers AdminAuth() {
    return {{"X-PGPAUTHORIZATION", ApiHarness::Token(TestKeys::Get().admin_sec)}};
  }
  static httplib::Headers BobAuth() {
    return {{"X-PGPAUTHORIZATION", ApiHarness::Token(TestKeys::Get().bob_sec)}};
  }
  httplib::Result Get(const std::string& path, const httplib::Headers& h) {
    return cli_->Get(("/api/v1" + path).c_str(), h);
  }
  static std::string ErrorOf(const httplib::Result& r) {
    if (!r) return "<no response>";
    auto doc = json::parse(r->body, nullptr, false);
    if (doc.is_discarded() || !doc.contains("collection")) return r->body;
    return doc["collection"]["error"].value("message", "");
  }
  static json Data(const httplib::Result& r, const std::string& name) {
    auto doc = json::parse(r->body);
    for (const auto& d : doc["collection"]["items"][0]["data"])
      if (d["name"] == name) return d["value"];
    return json();
  }
  void Heartbeat(const std::string& name, int pid) {
    const Time now = Time::Now();
    const std::string body =
        R"({"name":")" + name + R"(","mode":"daemon","version":"20240101-0.abc.dev","pid":)" +
        std::to_string(pid) + R"(,"queueLoc":"linux.)" + name + R"(","startTime":")" +
        FormatTime(now) + R"(","refreshTime":")" + FormatTime(now) +
        R"(","environment":{"init":"systemd","ident":"Debian 12","os":"linux","arch":"amd64","isProxied":false,"proxy":"","addresses":["10.0.0.5/24"],"publicIP":"203.0.113.7","modules":["file"]},"tags":[]})";
    auto r = cli_->Post("/api/v1/heartbeat", body, "application/json");
    ASSERT_TRUE(r) << httplib::to_string(r.error());
    ASSERT_EQ(r->status, 200) << r->body;
  }
  Id Bob(uint64_t permissions) {
    auto id = api::CreateInvestigator(h_->db(), "Bob", TestKeys::Get().bob_pub, permissions);
    EXPECT_TRUE(id.ok()) << id.error();
    return id.ok() ? *id : 0;
  }

  ConsoleRoot files_;
  std::unique_ptr<ApiHarness> h_;
  std::unique_ptr<httplib::Client> cli_;
};

TEST_P(ConsoleApiTest, MeSaysWhoCallsAndHow) {
  auto r = Get("/me", AdminAuth());
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 200) << r->body;
  auto inv = Data(r, "investigator");
  EXPECT_EQ(inv["id"], h_->admin_id());
  EXPECT_EQ(inv["name"], "Admin");
  EXPECT_EQ(inv["pgpfingerprint"], TestKeys::Get().admin_fpr);
  EXPECT_EQ(inv["status"], "active");
  EXPECT_EQ(inv["permissions"].size(), api::PermissionNames(api::kPermAll).size());
  EXPECT_NE(std::find(inv["permissions"].begin(), inv["permissions"].end(), "investigator_create"),
            inv["permissions"].end());
  EXPECT_EQ(Data(r, "auth"), "pgp");

  // Bob, with an API key and two permissions.
  const Id bob = Bob(api::kPermSearch | api::kPermAgent);
  r = cli_->Post("/api/v1/investigator/update/", AdminAuth(),
                 FormBody({{"id", std::to_string(bob)}, {"apikey", "active"}}),
                 "application/x-www-form-urlencoded");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 200) << r->body;
  const std::string key =
      json::parse(r->body)["collection"]["items"][0]["data"][0]["value"]["apikey"];
  r = Get("/me", {{"X-MIGAPIKEY", key}});
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 200) << r->body;
  inv = Data(r, "investigator");
  EXPECT_EQ(inv["id"], bob);
  EXPECT_EQ(inv["name"], "Bob");
  auto perms = inv["permissions"].get<std::vector<std::string>>();
  std::sort(perms.begin(), perms.end());
  EXPECT_EQ(perms, (std::vector<std::string>{"agent", "search"}));
  EXPECT_EQ(Data(r, "auth"), "apikey");

  // Nobody: 401, C+J.
  r = Get("/me", {});
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 401);
  EXPECT_NE(ErrorOf(r), "");
  r = Get("/me", {{"X-MIGAPIKEY", std::string(32, 'A')}});
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 401);
}

TEST_P(ConsoleApiTest, CountEqualsWhatSearchFinds) {
  Heartbeat("host1", 101);
  Heartbeat("host2", 102);
  Heartbeat("host3", 103);
  Heartbeat("web1", 201);
  Heartbeat("web2", 202);
  Heartbeat("host1", 104);  // a second process on host1's queue: one agent to an action
  for (const std::string target :
       {"name LIKE 'host%'", "name = 'host1'", "name LIKE 'web%' OR name = 'host3'",
        "name = 'nobody'", "name = 'host2' OR name = 'web1'", ""}) {
    auto r = Get("/agent/count?target=" + api::FormEncode(target), AdminAuth());
    ASSERT_TRUE(r) << httplib::to_string(r.error());
    ASSERT_EQ(r->status, 200) << target << ": " << r->body;
    const auto count = Data(r, "count").template get<int64_t>();
    const std::string search_target = target.empty() ? "name LIKE '%'" : target;
    auto s =
        Get("/search?type=agent&limit=1000&target=" + api::FormEncode(search_target), AdminAuth());
    ASSERT_TRUE(s) << httplib::to_string(s.error());
    int64_t found = 0;
    if (s->status == 200) {
      for (const auto& item : json::parse(s->body)["collection"]["items"])
        found += item["data"][0]["name"] == "agent";
    } else {
      EXPECT_EQ(s->status, 404) << s->body;
    }
    EXPECT_EQ(count, found) << target;
  }
  auto r = Get("/agent/count?target=" + api::FormEncode("name LIKE 'host%'"), AdminAuth());
  ASSERT_TRUE(r);
  EXPECT_EQ(Data(r, "count"), 3);
  r = Get("/agent/count", AdminAuth());
  ASSERT_TRUE(r);
  EXPECT_EQ(Data(r, "count"), 5);

  // A bad target: the message /search gives, pointing at the byte.
  const std::string bad = "name = 'a' OR nmae = 'b'";
  r = Get("/agent/count?target=" + api::FormEncode(bad), AdminAuth());
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 400) << r->body;
  EXPECT_NE(ErrorOf(r).find("parameter 'target': invalid target"), std::string::npos) << ErrorOf(r);
  EXPECT_NE(ErrorOf(r).find("at byte 14"), std::string::npos) << ErrorOf(r);
  EXPECT_NE(ErrorOf(r).find("\n              ^"), std::string::npos) << ErrorOf(r);
  auto s = Get("/search?type=agent&target=" + api::FormEncode(bad), AdminAuth());
  ASSERT_TRUE(s);
  EXPECT_EQ(ErrorOf(r), ErrorOf(s));
  // Injection attempts are targets like any other: refused or harmless.
  for (const std::string evil :
       {"name = 'x'; DROP TABLE agents", "name = 'x' -- ", "1=1) OR (1=1"}) {
    r = Get("/agent/count?target=" + api::FormEncode(evil), AdminAuth());
    ASSERT_TRUE(r) << httplib::to_string(r.error());
    EXPECT_EQ(r->status, 400) << evil << ": " << r->body;
  }
  r = Get("/agent/count?target=%FF", AdminAuth());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  r = Get("/agent/count", AdminAuth());
  ASSERT_TRUE(r);
  EXPECT_EQ(Data(r, "count"), 5);  // nothing was dropped

  // Without the agent permission.
  Bob(api::kPermSearch | api::kPermAction);
  r = Get("/agent/count?target=" + api::FormEncode("name = 'host1'"), BobAuth());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403) << r->body;
  EXPECT_NE(ErrorOf(r).find("'agent'"), std::string::npos) << ErrorOf(r);
}

TEST_P(ConsoleApiTest, FindingsAreTheLinesOfMigO) {
  Heartbeat("host1", 101);
  Heartbeat("host2", 102);
  // An action through the API, two commands answered behind its back.
  Action a = ApiHarness::MakeAction({TestKeys::Get().admin_sec});
  auto created =
      cli_->Post("/api/v1/action/create/", AdminAuth(), FormBody({{"action", WriteAction(a)}}),
                 "application/x-www-form-urlencoded");
  ASSERT_TRUE(created) << httplib::to_string(created.error());
  ASSERT_EQ(created->status, 202) << created->body;
  const Id action_id =
      json::parse(created->body)["collection"]["items"][0]["data"][0]["value"]["id"].get<Id>();
  auto agents = h_->db().SearchAgents(store::AgentQuery{});
  ASSERT_TRUE(agents.ok()) << agents.error();
  ASSERT_EQ(agents->size(), 2u);
  std::vector<Command> commands;
  for (const Agent& agent : *agents) {
    Command c;
    c.action.id = action_id;
    c.agent = agent;
    c.start_time = Time::Now();
    commands.push_back(c);
  }
  ASSERT_TRUE(h_->db().InsertCommands(commands).ok());
  auto result = ModuleResultFromJson(Json::parse(kFileResult));
  ASSERT_TRUE(result.ok()) << result.error();
  std::vector<store::CommandReturn> returns;
  returns.push_back({commands[0].id,
                     "success",
                     {*result},
                     commands[0].agent.queue_loc,
                     commands[0].agent.pid,
                     Time::Now()});
  returns.push_back({commands[1].id,
                     "failed",
                     {},
                     commands[1].agent.queue_loc,
                     commands[1].agent.pid,
                     Time::Now()});
  auto outcome = h_->db().UpdateCommandResults(returns);
  ASSERT_TRUE(outcome.ok()) << outcome.error();

  // What `mig -o FORMAT` prints for the same action and commands.
  auto expected = [&](output::Format format) {
    auto action = h_->db().GetAction(action_id);
    EXPECT_TRUE(action.ok() && *action);
    store::CommandQuery q;
    q.action_id = action_id;
    auto stored = h_->db().SearchCommands(q);
    EXPECT_TRUE(stored.ok());
    std::vector<std::string> lines;
    for (const auto& c : *stored)
      for (const auto& line : output::CommandFindings(**action, c, format))
        lines.push_back(line.json);
    std::sort(lines.begin(), lines.end());
    return lines;
  };
  auto lines_of = [](const std::string& body) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < body.size()) {
      const size_t nl = body.find('\n', start);
      EXPECT_NE(nl, std::string::npos) << "the last line has no newline";
      if (nl == std::string::npos) break;
      lines.push_back(body.substr(start, nl - start));
      start = nl + 1;
    }
    std::sort(lines.begin(), lines.end());
    return lines;
  };

  auto r =
      Get("/action/findings?actionid=" + std::to_string(action_id) + "&format=ocsf", AdminAuth());
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/x-ndjson");
  auto lines = lines_of(r->body);
  EXPECT_EQ(lines, expected(output::Format::kOcsf));
  ASSERT_EQ(lines.size(), 2u);  // one file found, one failed command
  bool found_passwd = false;
  for (const auto& line : lines) {
    auto doc = json::parse(line, nullptr, false);
    ASSERT_FALSE(doc.is_discarded()) << line;
    EXPECT_EQ(doc["metadata"]["version"], output::kOcsfVersion) << line;
    EXPECT_TRUE(doc["class_uid"] == 2003 || doc["class_uid"] == 2004) << line;
    EXPECT_EQ(doc["type_uid"], doc["class_uid"].get<int>() * 100 + 1) << line;
    found_passwd = found_passwd || line.find("/etc/passwd") != std::string::npos;
  }
  EXPECT_TRUE(found_passwd);

  r = Get("/action/findings?actionid=" + std::to_string(action_id) + "&format=ecs", AdminAuth());
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 200) << r->body;
  lines = lines_of(r->body);
  EXPECT_EQ(lines, expected(output::Format::kEcs));
  for (const auto& line : lines)
    EXPECT_EQ(json::parse(line)["ecs"]["version"], output::kEcsVersion) << line;

  // Errors are C+J.
  r = Get("/action/findings?actionid=" + std::to_string(action_id) + "&format=csv", AdminAuth());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(ErrorOf(r).find("ocsf"), std::string::npos) << ErrorOf(r);
  r = Get("/action/findings?actionid=999999&format=ocsf", AdminAuth());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404) << r->body;
  r = Get("/action/findings?actionid=abc", AdminAuth());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  r = Get("/action/findings?format=ocsf", AdminAuth());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;

  // action without command: refused, nothing leaks.
  Bob(api::kPermSearch | api::kPermAction);
  r = Get("/action/findings?actionid=" + std::to_string(action_id) + "&format=ocsf", BobAuth());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403) << r->body;
  EXPECT_NE(ErrorOf(r).find("'command'"), std::string::npos) << ErrorOf(r);
  EXPECT_EQ(r->body.find("/etc/passwd"), std::string::npos);
}

TEST_P(ConsoleApiTest, AclIsTheConfiguredOne) {
  auto r = Get("/acl", AdminAuth());
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 200) << r->body;
  auto acl = Data(r, "acl");
  EXPECT_EQ(acl["default"]["minimumweight"], 2);
  EXPECT_EQ(acl["default"]["investigators"]["Admin"]["fingerprint"], "AB12");
  EXPECT_EQ(acl["default"]["investigators"]["Admin"]["weight"], 1);
  r = Get("/acl", {});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
}

INSTANTIATE_TEST_SUITE_P(Backends, ConsoleApiTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace mig::test
