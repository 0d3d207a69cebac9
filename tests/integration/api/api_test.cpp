// mig-api endpoints against SQLite and PostgreSQL (spec/api.md 4-6).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/form.h"
#include "api/permissions.h"
#include "api_harness.h"
#include "core/documents_json.h"

namespace mig::test {
namespace {

using nlohmann::json;

class ApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    h_ = std::make_unique<ApiHarness>(GetParam());
    ASSERT_TRUE(h_->ok()) << h_->error();
    cli_ = h_->Client();
  }
  httplib::Headers AdminAuth() const {
    return {{"X-PGPAUTHORIZATION", ApiHarness::Token(TestKeys::Get().admin_sec)}};
  }
  httplib::Result Get(const std::string& path, const httplib::Headers& h) {
    return cli_->Get(("/api/v1" + path).c_str(), h);
  }
  httplib::Result GetAdmin(const std::string& path) { return Get(path, AdminAuth()); }
  httplib::Result PostForm(const std::string& path,
                           const std::vector<std::pair<std::string, std::string>>& fields,
                           const httplib::Headers& h) {
    return cli_->Post(("/api/v1" + path).c_str(), h, FormBody(fields),
                      "application/x-www-form-urlencoded");
  }
  static std::string ErrorOf(const httplib::Result& r) {
    if (!r) return "<no response>";
    auto doc = json::parse(r->body, nullptr, false);
    if (doc.is_discarded() || !doc.contains("collection")) return r->body;
    return doc["collection"]["error"].value("message", "");
  }
  // Creates a signed action as admin; returns its id.
  Id CreateAction(const Action& a) {
    auto r = PostForm("/action/create/", {{"action", WriteAction(a)}}, AdminAuth());
    EXPECT_TRUE(r);
    if (!r) return 0;
    EXPECT_EQ(r->status, 202) << r->body;
    auto doc = json::parse(r->body);
    const auto& item = doc["collection"]["items"][0];
    return item["data"][0]["value"]["id"].get<Id>();
  }
  // Posts an HTTP heartbeat; returns the response.
  httplib::Result Heartbeat(const std::string& name, int pid, Time sent = Time::Now()) {
    const std::string body =
        R"({"name":")" + name + R"(","mode":"daemon","version":"20240101-0.abc.dev","pid":)" +
        std::to_string(pid) + R"(,"queueLoc":"linux.)" + name + R"(","startTime":")" +
        FormatTime(sent) + R"(","refreshTime":")" + FormatTime(sent) +
        R"(","environment":{"init":"systemd","ident":"Debian 12","os":"linux","arch":"amd64","isProxied":false,"proxy":"","addresses":["10.0.0.5/24"],"publicIP":"203.0.113.7","modules":["file"]},"tags":[{"name":"operator","value":"IT"}]})";
    return cli_->Post("/api/v1/heartbeat", body, "application/json");
  }

  std::unique_ptr<ApiHarness> h_;
  std::unique_ptr<httplib::Client> cli_;
};

TEST_P(ApiTest, PublicEndpoints) {
  auto r = cli_->Get("/api/v1/heartbeat");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(r->get_header_value("Cache-Control"), "no-cache");
  EXPECT_EQ(r->body, "{\"collection\":{\"version\":\"1.0\",\"href\":\"" + h_->config().host +
                         "/api/v1/heartbeat\",\"items\":[{\"href\":\"/api/v1/heartbeat\",\"data\":"
                         "[{\"name\":\"heartbeat\",\"value\":\"gatorz say hi\"}]}],\"template\":{},"
                         "\"error\":{}}}");
  r = cli_->Get("/api/v1/ip");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->body, "127.0.0.1");
  r = cli_->Get(("/api/v1/publickey/" + TestKeys::Get().admin_fpr).c_str());
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("BEGIN PGP PUBLIC KEY BLOCK"), std::string::npos);
  r = cli_->Get("/api/v1/publickey/0000000000000000000000000000000000000000");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->body,
            "Invalid Fingerprint : No PublicKey found for fingerprint "
            "'0000000000000000000000000000000000000000'");
}

TEST_P(ApiTest, UnknownEndpointAndWrongMethodAre404WithReason) {
  auto r = GetAdmin("/nothing/here");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 404);
  EXPECT_NE(ErrorOf(r).find("unknown endpoint: GET /api/v1/nothing/here"), std::string::npos);
  r = PostForm("/action/create", {{"action", "{}"}}, AdminAuth());  // no trailing slash
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 404);
  r = cli_->Delete("/api/v1/action");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 404);
}

TEST_P(ApiTest, HttpHeartbeatCreatesAgentVisibleInSearchAndGet) {
  auto r = Heartbeat("host1.example.net", 4242);
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->body, "{\"error\":null}");
  r = GetAdmin("/search?type=agent&agentname=host1%25");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 200) << r->body;
  auto doc = json::parse(r->body);
  auto& items = doc["collection"]["items"];
  ASSERT_EQ(items.size(), 2u);  // the agent, then the search parameters
  const auto agent = items[0]["data"][0]["value"];
  EXPECT_EQ(agent["name"], "host1.example.net");
  EXPECT_EQ(agent["status"], "online");
  EXPECT_EQ(agent["environment"]["publicip"], "203.0.113.7");
  EXPECT_EQ(items[1]["data"][0]["name"], "search parameters");
  EXPECT_EQ(items[1]["data"][0]["value"]["agentname"], "host1%");
  EXPECT_EQ(items[1]["data"][0]["value"]["actionid"], "∞");
  const Id id = agent["id"].get<Id>();
  r = GetAdmin("/agent?agentid=" + std::to_string(id));
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(json::parse(r->body)["collection"]["items"][0]["href"],
            h_->config().host + "/api/v1/agent?agentid=" + std::to_string(id));
  // A target search finds it too.
  r = GetAdmin("/search?type=agent&target=" + api::FormEncode("name = 'host1.example.net'"));
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200) << r->body;
}

TEST_P(ApiTest, BadHeartbeatsAre400WithReason) {
  auto r = cli_->Post("/api/v1/heartbeat", "{not json", "application/json");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("Failed to decode request body"), std::string::npos) << r->body;
  r = cli_->Post(
      "/api/v1/heartbeat",
      R"({"name":"x","mode":"daemon","version":"1","pid":1,"queueLoc":"q","startTime":")" +
          FormatTime(Time::Now()) + R"(","environment":{"os":"linux"}})",
      "application/json");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("missing field(s): environment.init, environment.ident, environment.arch, "
                         "environment.publicIP"),
            std::string::npos)
      << r->body;
  r = Heartbeat("old.example.net", 7, Time::Now().AddSeconds(-3600));
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("heartbeat expired"), std::string::npos) << r->body;
}

// Issue 13, finding 10: a trailing backslash or a NUL in a search parameter
// gave a 500 quoting PostgreSQL ("LIKE pattern must not end with escape
// character"). Inputs the store cannot take are a 400 that says why, the
// same on both stores; a pattern's backslash escapes % and _ on both.
TEST_P(ApiTest, SearchInputsTheStoreCannotTakeAre400WithTheReason) {
  ASSERT_EQ(Heartbeat("web_1", 11)->status, 200);
  ASSERT_EQ(Heartbeat("webx1", 12)->status, 200);
  auto no_database_words = [](const httplib::Result& r) {
    return r->body.find("PostgreSQL") == std::string::npos &&
           r->body.find("SQLite") == std::string::npos &&
           r->body.find("ERROR") == std::string::npos;
  };
  struct Case {
    std::string query, expect;
  } cases[] = {
      {"type=agent&agentname=web%5C", "parameter 'agentname' ends with a lone backslash"},
      {"type=agent&agentname=web%5C%5C%5C", "ends with a lone backslash"},
      {"type=action&status=x%5C", "parameter 'status' ends with a lone backslash"},
      {"type=command&actionname=%25%5C", "parameter 'actionname' ends with a lone backslash"},
      {"type=investigator&investigatorname=a%00b",
       "parameter 'investigatorname' has a NUL character at byte 1"},
      {"type=agent&agentname=%FF", "parameter 'agentname' has invalid UTF-8 at byte 0"},
      {"type=agent&target=" + api::FormEncode(std::string("name = 'a\0b'", 12)),
       "parameter 'target' has a NUL character"},
  };
  for (const auto& c : cases) {
    auto r = GetAdmin("/search?" + c.query);
    ASSERT_TRUE(r) << httplib::to_string(r.error());
    EXPECT_EQ(r->status, 400) << c.query << ": " << r->body;
    EXPECT_NE(ErrorOf(r).find(c.expect), std::string::npos) << c.query << ": " << ErrorOf(r);
    EXPECT_TRUE(no_database_words(r)) << c.query << ": " << r->body;
  }
  // An escaped backslash is fine, and escapes mean the same on both stores.
  auto r = GetAdmin("/search?type=agent&agentname=web%5C%5C");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404) << r->body;
  r = GetAdmin("/search?type=agent&agentname=web%5C_1");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  auto items = json::parse(r->body)["collection"]["items"];
  ASSERT_EQ(items.size(), 2u) << r->body;  // web_1 only, then the search parameters
  EXPECT_EQ(items[0]["data"][0]["value"]["name"], "web_1");
  // A LIKE in a target that the store refuses: never a 500, never its words.
  r = GetAdmin("/search?type=agent&target=" + api::FormEncode("name LIKE 'web\\'"));
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->status == 400 || r->status == 404) << r->body;
  EXPECT_TRUE(no_database_words(r)) << r->body;
}

// A store that fails answers 500 "internal error" with an operation ID; the
// database's words go to the access log only.
TEST_P(ApiTest, InternalErrorsNeverQuoteTheDatabase) {
  store::InvestigatorQuery q;
  ASSERT_TRUE(h_->db().SearchInvestigators(q).ok());
  // Break the database under the API: its agents table is gone.
  Status broken = h_->BreakAgentsTable();
  ASSERT_TRUE(broken.ok()) << broken.message();
  auto r = GetAdmin("/search?type=agent&agentname=x%25");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 500) << r->body;
  EXPECT_NE(ErrorOf(r).find("internal error (operation "), std::string::npos) << r->body;
  EXPECT_EQ(r->body.find("agents"), std::string::npos) << "the database's words: " << r->body;
  r = GetAdmin("/agent?agentid=1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500) << r->body;
  EXPECT_NE(ErrorOf(r).find("internal error (operation "), std::string::npos) << r->body;
  EXPECT_EQ(r->body.find("agents"), std::string::npos) << r->body;
  auto hb = Heartbeat("host9", 9);
  ASSERT_TRUE(hb);
  EXPECT_EQ(hb->status, 500) << hb->body;
  EXPECT_NE(hb->body.find("internal error (operation "), std::string::npos) << hb->body;
  EXPECT_EQ(hb->body.find("agents"), std::string::npos) << hb->body;
}

TEST_P(ApiTest, ActionCreateReadSearchDashboard) {
  const Action a = ApiHarness::MakeAction({TestKeys::Get().admin_sec});
  const Id id = CreateAction(a);
  ASSERT_GT(id, 0);
  auto r = GetAdmin("/action?actionid=" + std::to_string(id));
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 200) << r->body;
  auto v = json::parse(r->body)["collection"]["items"][0]["data"][0]["value"];
  EXPECT_EQ(v["name"], "find passwd");
  EXPECT_EQ(v["status"], "pending");
  EXPECT_EQ(v["starttime"], "0011-01-11T11:11:11.000000011Z");
  ASSERT_EQ(v["investigators"].size(), 1u);
  EXPECT_EQ(v["investigators"][0]["name"], "Admin");
  EXPECT_EQ(v["pgpsignatures"][0], a.pgp_signatures[0]);

  r = GetAdmin("/search?type=action&actionname=find%25");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["collection"]["items"][0]["data"][0]["value"]["id"], id);

  r = GetAdmin("/dashboard");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
  auto items = json::parse(r->body)["collection"]["items"];
  ASSERT_GE(items.size(), 1u);
  EXPECT_EQ(items.back()["data"][0]["value"]["id"], id);

  r = GetAdmin("/action?actionid=0");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(ErrorOf(r), "Invalid Action ID '0'");
  r = GetAdmin("/action?actionid=12345");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(ErrorOf(r), "Action ID '12345' not found");
  r = GetAdmin("/action");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(ErrorOf(r), "missing query parameter 'actionid'");
}

TEST_P(ApiTest, ActionCreateRefusesBadActions) {
  const auto& k = TestKeys::Get();
  auto post = [&](const std::string& text) {
    return PostForm("/action/create/", {{"action", text}}, AdminAuth());
  };
  // Unsigned.
  auto r = post(WriteAction(ApiHarness::MakeAction({})));
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(ErrorOf(r).find("invalid action"), std::string::npos) << ErrorOf(r);
  // Tampered after signing.
  Action t = ApiHarness::MakeAction({k.admin_sec});
  t.name = "something else";
  r = post(WriteAction(t));
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 403);
  EXPECT_NE(ErrorOf(r).find("signature 1 rejected"), std::string::npos) << ErrorOf(r);
  // Signed by a key no investigator holds.
  r = post(WriteAction(ApiHarness::MakeAction({k.eve_sec})));
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 403);
  EXPECT_NE(ErrorOf(r).find("signature 1 rejected"), std::string::npos) << ErrorOf(r);
  // Same investigator twice.
  r = post(WriteAction(ApiHarness::MakeAction({k.admin_sec, k.admin_sec})));
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(ErrorOf(r).find("each may sign once"), std::string::npos) << ErrorOf(r);
  // Bad target: points at the byte.
  r = post(WriteAction(ApiHarness::MakeAction({k.admin_sec}, "name = 'a' OR nmae = 'b'")));
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(ErrorOf(r).find("at byte 14"), std::string::npos) << ErrorOf(r);
  EXPECT_NE(ErrorOf(r).find("^"), std::string::npos);
  // Malformed JSON, missing field, wrong type.
  r = post("{\"name\": ");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(ErrorOf(r).find("invalid action JSON"), std::string::npos);
  r = PostForm("/action/create/", {{"nothing", "x"}}, AdminAuth());
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(ErrorOf(r), "missing form field 'action' (the signed action JSON)");
  // Expired.
  Action old = ApiHarness::MakeAction({});
  old.valid_from = Time::FromUnix(1000);
  old.expire_after = Time::FromUnix(2000);
  old.pgp_signatures = {ApiHarness::Sign(old, k.admin_sec)};
  r = post(WriteAction(old));
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 400);
  // Oversized body (limit 64 kB in the harness).
  r = post(std::string(70 * 1024, 'x'));
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 413);
  EXPECT_NE(ErrorOf(r).find("exceeds the limit"), std::string::npos) << r->body;
  // Broken form encoding.
  r = cli_->Post("/api/v1/action/create/", AdminAuth(), "action=%zz",
                 "application/x-www-form-urlencoded");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(ErrorOf(r).find("malformed form body"), std::string::npos);
  // Nothing was stored.
  r = GetAdmin("/search?type=action");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(ErrorOf(r), "no results found");
}

TEST_P(ApiTest, AuthenticationFailuresAre401WithReason) {
  const auto& k = TestKeys::Get();
  auto r = Get("/dashboard", {});
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(ErrorOf(r), "Valid authentication header not found");
  r = Get("/dashboard", {{"X-PGPAUTHORIZATION", ApiHarness::Token(k.admin_sec, "", -3600)}});
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(ErrorOf(r),
            "Authorization verification failed with error 'token timestamp is not within "
            "acceptable time limits'");
  const std::string tok = ApiHarness::Token(k.admin_sec, "once-only");
  r = Get("/dashboard", {{"X-PGPAUTHORIZATION", tok}});
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200) << r->body;
  r = Get("/dashboard", {{"X-PGPAUTHORIZATION", tok}});
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 401);
  EXPECT_NE(ErrorOf(r).find("was already used"), std::string::npos) << ErrorOf(r);
  // The refusal tells a MIG operator why parallel copies of MIG's client fail.
  EXPECT_NE(ErrorOf(r).find("[authentication] tokenuses"), std::string::npos) << ErrorOf(r);
  r = Get("/dashboard", {{"X-PGPAUTHORIZATION", "garbage"}});
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(ErrorOf(r), "Authorization verification failed with error 'invalid token format'");
  r = Get("/dashboard", {{"X-PGPAUTHORIZATION", "2;2020-01-01T00:00:00Z;n;sig"}});
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_NE(ErrorOf(r).find("invalid token version, must be 1"), std::string::npos);
  r = Get("/dashboard", {{"X-PGPAUTHORIZATION", ApiHarness::Token(k.eve_sec)}});
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 401);
  EXPECT_NE(ErrorOf(r).find("token signature"), std::string::npos) << ErrorOf(r);
  r = Get("/dashboard", {{"X-MIGAPIKEY", std::string(32, 'A')}});
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 401);
  EXPECT_NE(ErrorOf(r).find("no investigator holds this key"), std::string::npos);
}

TEST_P(ApiTest, InvestigatorLifecycleAndPermissions) {
  const auto& k = TestKeys::Get();
  // Create bob with the default permissions (multipart, as MIG's client).
  httplib::MultipartFormDataItems form = {
      {"name", "Bob", "", ""},
      {"permissions", api::WritePermissions(api::kPermSetDefault), "", ""},
      {"publickey", k.bob_pub, "bob.asc", "application/octet-stream"}};
  auto r = cli_->Post("/api/v1/investigator/create/", AdminAuth(), form);
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 201) << r->body;
  auto item = json::parse(r->body)["collection"]["items"][0];
  const Id bob = item["data"][0]["value"]["id"].get<Id>();
  EXPECT_EQ(item["data"][0]["name"], "Investigator ID " + std::to_string(bob));
  EXPECT_EQ(item["data"][0]["value"]["pgpfingerprint"], k.bob_fpr);
  EXPECT_EQ(item["data"][0]["value"]["permissions"]["action_create"], true);
  EXPECT_EQ(item["data"][0]["value"]["permissions"]["investigator"], false);
  // Same key again: refused.
  r = cli_->Post("/api/v1/investigator/create/", AdminAuth(), form);
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 409);
  EXPECT_NE(ErrorOf(r).find("already exists"), std::string::npos);
  // Bad permissions JSON.
  httplib::MultipartFormDataItems bad = {{"name", "Carl", "", ""},
                                         {"permissions", "{\"fly\":true}", "", ""}};
  r = cli_->Post("/api/v1/investigator/create/", AdminAuth(), bad);
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(ErrorOf(r), "permissions: unknown permission 'fly'");

  const httplib::Headers bob_auth = {{"X-PGPAUTHORIZATION", ApiHarness::Token(k.bob_sec)}};
  // Bob can sign actions and read, but not administer.
  r = Get("/investigator?investigatorid=" + std::to_string(bob), bob_auth);
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 403);
  EXPECT_NE(ErrorOf(r).find("lacks the 'investigator' permission"), std::string::npos);
  EXPECT_GT(CreateAction(ApiHarness::MakeAction({k.bob_sec, k.admin_sec})), 0);

  r = GetAdmin("/investigator?investigatorid=" + std::to_string(bob));
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 200);
  auto got = json::parse(r->body)["collection"]["items"][0];
  EXPECT_EQ(got["links"][0]["rel"], "investigator history");
  EXPECT_FALSE(got["data"][0]["value"].contains("apikey"));

  // API key: issued once, usable, shown as "set".
  r = PostForm("/investigator/update/", {{"id", std::to_string(bob)}, {"apikey", "active"}},
               AdminAuth());
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 200) << r->body;
  const std::string key =
      json::parse(r->body)["collection"]["items"][0]["data"][0]["value"]["apikey"];
  EXPECT_EQ(key.size(), 32u);
  r = Get("/dashboard", {{"X-MIGAPIKEY", key}});
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200) << r->body;
  r = GetAdmin("/investigator?investigatorid=" + std::to_string(bob));
  EXPECT_EQ(json::parse(r->body)["collection"]["items"][0]["data"][0]["value"]["apikey"], "set");

  // Disabled: neither token nor key opens the API, and signatures no longer count.
  r = PostForm("/investigator/update/", {{"id", std::to_string(bob)}, {"status", "disabled"}},
               AdminAuth());
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 200) << r->body;
  r = Get("/dashboard", {{"X-PGPAUTHORIZATION", ApiHarness::Token(k.bob_sec)}});
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 401);
  r = Get("/dashboard", {{"X-MIGAPIKEY", key}});
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 401);
  EXPECT_NE(ErrorOf(r).find("disabled"), std::string::npos);
  r = PostForm("/action/create/", {{"action", WriteAction(ApiHarness::MakeAction({k.bob_sec}))}},
               AdminAuth());
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 403);

  // The last admin cannot lose its admin rights.
  r = PostForm("/investigator/update/",
               {{"id", std::to_string(h_->admin_id())},
                {"permissions", api::WritePermissions(api::kPermSetDefault)}},
               AdminAuth());
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 409);
  EXPECT_NE(ErrorOf(r).find("will not remove last admin"), std::string::npos);
  r = PostForm("/investigator/update/", {{"id", std::to_string(bob)}, {"status", "sleepy"}},
               AdminAuth());
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 400);
  r = PostForm("/investigator/update/", {{"id", "999"}, {"status", "active"}}, AdminAuth());
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 404);

  r = GetAdmin("/search?type=investigator&investigatorname=B%25");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["collection"]["items"][0]["data"][0]["value"]["name"], "Bob");
}

// Issue 13, finding 6: anyone holding action_create can submit an action
// someone else signed; the record names who submitted it apart from the signer.
TEST_P(ApiTest, SubmitterIsRecordedApartFromSigners) {
  const auto& k = TestKeys::Get();
  httplib::MultipartFormDataItems form = {
      {"name", "Bob", "", ""},
      {"permissions", api::WritePermissions(api::kPermSetDefault), "", ""},
      {"publickey", k.bob_pub, "bob.asc", ""}};
  auto r = cli_->Post("/api/v1/investigator/create/", AdminAuth(), form);
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 201) << r->body;
  const Id bob = json::parse(r->body)["collection"]["items"][0]["data"][0]["value"]["id"].get<Id>();
  auto bob_auth = [&] {  // a token is good for one request
    return httplib::Headers{{"X-PGPAUTHORIZATION", ApiHarness::Token(k.bob_sec)}};
  };

  // The admin's signed action, submitted by bob (twice: each is recorded).
  const std::string signed_by_admin = WriteAction(ApiHarness::MakeAction({k.admin_sec}));
  std::vector<Id> ids;
  for (int i = 0; i < 2; ++i) {
    r = PostForm("/action/create/", {{"action", signed_by_admin}}, bob_auth());
    ASSERT_TRUE(r) << httplib::to_string(r.error());
    ASSERT_EQ(r->status, 202) << r->body;
    const auto v = json::parse(r->body)["collection"]["items"][0]["data"][0]["value"];
    EXPECT_EQ(v["submitter"]["id"], bob);
    ids.push_back(v["id"].get<Id>());
  }
  const Id own = CreateAction(ApiHarness::MakeAction({k.admin_sec}));
  for (Id id : ids) {
    r = GetAdmin("/action?actionid=" + std::to_string(id));
    ASSERT_TRUE(r) << httplib::to_string(r.error());
    ASSERT_EQ(r->status, 200) << r->body;
    const auto v = json::parse(r->body)["collection"]["items"][0]["data"][0]["value"];
    ASSERT_EQ(v["investigators"].size(), 1u);
    EXPECT_EQ(v["investigators"][0]["name"], "Admin");  // the signer
    EXPECT_EQ(v["submitter"], (json{{"id", bob}, {"name", "Bob"}}));
    // Our own clients still read the document.
    auto parsed =
        ParseAction(json::parse(r->body)["collection"]["items"][0]["data"][0]["value"].dump());
    EXPECT_TRUE(parsed.ok()) << parsed.error();
  }
  r = GetAdmin("/search?type=action&actionid=" + std::to_string(own));
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["collection"]["items"][0]["data"][0]["value"]["submitter"]["name"],
            "Admin");
  // A submitted "submitter" is the caller's, whatever the document says.
  auto forged = json::parse(WriteAction(ApiHarness::MakeAction({k.admin_sec})));
  forged["submitter"] = {{"id", h_->admin_id()}, {"name", "Admin"}};
  r = PostForm("/action/create/", {{"action", forged.dump()}}, bob_auth());
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 202) << r->body;
  EXPECT_EQ(json::parse(r->body)["collection"]["items"][0]["data"][0]["value"]["submitter"]["id"],
            bob);
}

// Issue 13, finding 8: bob holds only investigator_create (and search). On
// main he created eve with every permission, and eve disabled the admin.
TEST_P(ApiTest, NoInvestigatorGrantsOrChangesMoreThanTheyHold) {
  const auto& k = TestKeys::Get();
  auto create = [&](const httplib::Headers& auth, const std::string& name, uint64_t perms,
                    const std::string& pub) {
    httplib::MultipartFormDataItems form = {{"name", name, "", ""},
                                            {"permissions", api::WritePermissions(perms), "", ""},
                                            {"publickey", pub, "key.asc", ""}};
    return cli_->Post("/api/v1/investigator/create/", auth, form);
  };
  auto bob_auth = [&] {
    return httplib::Headers{{"X-PGPAUTHORIZATION", ApiHarness::Token(k.bob_sec)}};
  };
  auto eve_auth = [&] {
    return httplib::Headers{{"X-PGPAUTHORIZATION", ApiHarness::Token(k.eve_sec)}};
  };
  const uint64_t bob_perms = api::kPermInvestigatorCreate | api::kPermSearch;
  auto r = create(AdminAuth(), "Bob", bob_perms, k.bob_pub);
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 201) << r->body;
  const Id bob = json::parse(r->body)["collection"]["items"][0]["data"][0]["value"]["id"].get<Id>();

  // The escalation: an all-permissions accomplice. Refused, nothing stored.
  r = create(bob_auth(), "Eve", api::kPermAll, k.eve_pub);
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 403) << r->body;
  EXPECT_NE(ErrorOf(r).find("cannot grant permissions they do not hold: action, action_create"),
            std::string::npos)
      << ErrorOf(r);
  EXPECT_NE(ErrorOf(r).find("investigator_update"), std::string::npos) << ErrorOf(r);
  EXPECT_EQ(ErrorOf(r).find("investigator_create"), std::string::npos) << ErrorOf(r);
  r = Get("/dashboard", eve_auth());
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 401) << "eve was stored";
  // What bob holds he may pass on.
  r = create(bob_auth(), "Eve", api::kPermInvestigatorCreate, k.eve_pub);
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 201) << r->body;
  const Id eve = json::parse(r->body)["collection"]["items"][0]["data"][0]["value"]["id"].get<Id>();

  // Search shows what the GET of its type shows, and needs its permission.
  for (const char* type : {"investigator", "action", "command", "agent"}) {
    r = Get(std::string("/search?type=") + type, bob_auth());
    ASSERT_TRUE(r) << httplib::to_string(r.error());
    EXPECT_EQ(r->status, 403) << type << ": " << r->body;
    EXPECT_NE(ErrorOf(r).find("search type=" + std::string(type)), std::string::npos) << ErrorOf(r);
  }
  r = GetAdmin("/search?type=investigator&investigatorname=Eve");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200) << r->body;

  // With investigator_update too, bob still cannot touch the admin, who
  // holds more than he does, nor give himself more.
  r = PostForm("/investigator/update/",
               {{"id", std::to_string(bob)},
                {"permissions", api::WritePermissions(bob_perms | api::kPermInvestigatorUpdate)}},
               AdminAuth());
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 200) << r->body;
  const std::string admin = std::to_string(h_->admin_id());
  for (const auto& field : std::vector<std::pair<std::string, std::string>>{
           {"status", "disabled"},
           {"apikey", "active"},
           {"apikey", "disabled"},
           {"permissions", api::WritePermissions(api::kPermSearch)}}) {
    r = PostForm("/investigator/update/", {{"id", admin}, field}, bob_auth());
    ASSERT_TRUE(r) << httplib::to_string(r.error());
    EXPECT_EQ(r->status, 403) << field.first << ": " << r->body;
    EXPECT_NE(ErrorOf(r).find("cannot change investigator " + admin +
                              ", who holds permissions they lack: action"),
              std::string::npos)
        << ErrorOf(r);
  }
  r = PostForm("/investigator/update/",
               {{"id", std::to_string(bob)}, {"permissions", api::WritePermissions(api::kPermAll)}},
               bob_auth());
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 403) << r->body;
  EXPECT_NE(ErrorOf(r).find("cannot grant permissions they do not hold"), std::string::npos);
  r = PostForm("/investigator/update/",
               {{"id", std::to_string(eve)}, {"permissions", api::WritePermissions(api::kPermAll)}},
               bob_auth());
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 403) << r->body;
  // Eve holds less than bob: he may disable her.
  r = PostForm("/investigator/update/", {{"id", std::to_string(eve)}, {"status", "disabled"}},
               bob_auth());
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200) << r->body;

  // The admin is untouched.
  r = GetAdmin("/investigator?investigatorid=" + admin);
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 200) << r->body;
  const auto v = json::parse(r->body)["collection"]["items"][0]["data"][0]["value"];
  EXPECT_EQ(v["status"], "active");
  EXPECT_EQ(v["permissions"]["investigator_update"], true);
  EXPECT_FALSE(v.contains("apikey"));
}

TEST_P(ApiTest, CommandsSearchCancelAndFollow) {
  ASSERT_EQ(Heartbeat("host2.example.net", 99)->status, 200);
  const Id action = CreateAction(ApiHarness::MakeAction({TestKeys::Get().admin_sec}));
  ASSERT_GT(action, 0);
  auto agents = h_->db().SearchAgents(store::AgentQuery{});
  ASSERT_TRUE(agents.ok());
  ASSERT_EQ(agents->size(), 1u);
  auto stored = h_->db().GetAction(action);
  ASSERT_TRUE(stored.ok() && *stored);
  std::vector<Command> cmds(1);
  cmds[0].action = **stored;
  cmds[0].agent = agents->front();
  cmds[0].status = "sent";
  cmds[0].results.resize(1);
  cmds[0].start_time = Time::Now();
  ASSERT_TRUE(h_->db().InsertCommands(cmds).ok());
  const Id command = cmds[0].id;
  store::CommandReturn ret;
  ret.command_id = command;
  ret.status = "success";
  ret.results.resize(1);
  ret.results[0].found_anything = true;
  ret.results[0].success = true;
  ret.agent_queue_loc = agents->front().queue_loc;
  ret.agent_pid = 99;
  ret.finish_time = Time::Now();
  auto outcome = h_->db().UpdateCommandResults({ret});
  ASSERT_TRUE(outcome.ok()) << outcome.error();
  ASSERT_EQ(outcome->at(0).result, store::ReturnResult::kAccepted);

  auto r = GetAdmin("/command?commandid=" + std::to_string(command));
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 200) << r->body;
  auto item = json::parse(r->body)["collection"]["items"][0];
  EXPECT_EQ(item["links"][0]["href"],
            h_->config().host + "/api/v1/action?actionid=" + std::to_string(action));
  EXPECT_EQ(item["data"][0]["value"]["status"], "success");

  r = GetAdmin("/search?type=command&actionid=" + std::to_string(action) +
               "&foundanything=true&limit=37&offset=0");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["collection"]["items"][0]["data"][0]["value"]["id"], command);
  r = GetAdmin("/search?type=command&actionid=" + std::to_string(action) + "&foundanything=false");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 404);
  r = GetAdmin("/search?type=command&actionid=" + std::to_string(action) + "&limit=1&offset=1");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 404);  // one result only: the second page is empty

  // Cancel, then follow: the finished command, the action, the end.
  r = PostForm("/action/cancel/", {{"actionid", std::to_string(action)}}, AdminAuth());
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["collection"]["items"][0]["data"][0]["value"]["status"],
            "cancelled");
  std::string stream;
  auto f = cli_->Get(("/api/v1/action/follow?actionid=" + std::to_string(action)).c_str(),
                     AdminAuth(), [&](const char* data, size_t len) {
                       stream.append(data, len);
                       return true;
                     });
  ASSERT_TRUE(f);
  EXPECT_EQ(f->status, 200);
  EXPECT_EQ(f->get_header_value("Content-Type"), "text/event-stream");
  const size_t c = stream.find("event: command\ndata: {\"id\":" + std::to_string(command));
  const size_t a = stream.find("event: action\n");
  const size_t e = stream.find("event: end\ndata: {\"status\":\"cancelled\"");
  EXPECT_NE(c, std::string::npos) << stream;
  EXPECT_NE(a, std::string::npos) << stream;
  EXPECT_NE(e, std::string::npos) << stream;
  EXPECT_LT(c, e);
  r = GetAdmin("/action/follow?actionid=777");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 404);
}

TEST_P(ApiTest, SearchRefusesBadParameters) {
  auto r = GetAdmin("/search?type=bogus");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(ErrorOf(r).find("search type is invalid"), std::string::npos);
  r = GetAdmin("/search?type=agent&limit=lots");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(ErrorOf(r).find("'limit'"), std::string::npos);
  r = GetAdmin("/search?type=agent&foundanything=true");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(ErrorOf(r), "parameter 'foundanything' is not supported with type=agent");
  r = GetAdmin("/search?type=agent&after=yesterday");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 400);
  r = GetAdmin("/search?type=agent&target=name%20%3D%3D%20'x'");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(ErrorOf(r).find("at byte"), std::string::npos) << ErrorOf(r);
  r = GetAdmin("/search?type=agent&agentname=nobody");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 404);
  auto doc = json::parse(r->body);
  EXPECT_EQ(doc["collection"]["items"][0]["data"][0]["name"], "search parameters");
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace mig::test
