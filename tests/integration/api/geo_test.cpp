// The map's data: GET /agent/locations and GET /geo on a real mig-api over
// SQLite and PostgreSQL, agents made by HTTP heartbeats (and one by the store,
// as an agent heartbeating over the relay without a public address), the
// database written by tests/support/make-test-geodb.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <thread>

#include <nlohmann/json.hpp>

#include "api/form.h"
#include "api/investigators.h"
#include "api/permissions.h"
#include "api_harness.h"
#include "test_env.h"
#include "test_geodb.h"

namespace mig::test {
namespace {

using nlohmann::json;

class GeoApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  // with_db: a [geo] database is configured.
  void Start(bool with_db) {
    if (with_db) {
      ASSERT_EQ(MakeTestGeoDb(dir_.Sub("city.mmdb")), "");
    }
    h_ = std::make_unique<ApiHarness>(GetParam(), false, [&](api::ApiConfig& c) {
      if (with_db) c.geo_database = dir_.Sub("city.mmdb");
    });
    ASSERT_TRUE(h_->ok()) << h_->error();
    cli_ = h_->Client();
    // Each agent reports the public address in its name's place.
    for (const auto& [name, ip] :
         std::vector<std::pair<std::string, std::string>>{{"paris", "192.0.2.10"},
                                                          {"tokyo", "198.51.100.20"},
                                                          {"sydney", "2001:db8::5"},
                                                          {"zurich", "2001:db8:ffff::9"},
                                                          {"lan", "10.0.0.7"},
                                                          {"nowhere", "203.0.114.1"},
                                                          {"garbage", "not an address"},
                                                          {"mapped", "::ffff:203.0.113.50"}})
      ASSERT_NO_FATAL_FAILURE(Heartbeat(name, ip));
    // Over the relay an agent may report no public address at all.
    store::Heartbeat hb;
    hb.agent.name = "relayonly";
    hb.agent.queue_loc = "linux.relayonly";
    hb.agent.mode = "daemon";
    hb.agent.version = "20240101-0.abc.dev";
    hb.agent.pid = 77;
    hb.agent.refresh_time = Time::Now();
    hb.agent.environment.os = "linux";
    auto up = h_->db().UpsertHeartbeats({hb}, Time::Now(), store::AgentTimers{});
    ASSERT_TRUE(up.ok()) << up.error();
  }
  void Heartbeat(const std::string& name, const std::string& ip) {
    const Time now = Time::Now();
    json body = {{"name", name},
                 {"mode", "daemon"},
                 {"version", "20240101-0.abc.dev"},
                 {"pid", 100},
                 {"queueLoc", "linux." + name},
                 {"startTime", FormatTime(now)},
                 {"refreshTime", FormatTime(now)},
                 {"environment",
                  {{"init", "systemd"},
                   {"ident", "Debian 12"},
                   {"os", "linux"},
                   {"arch", "amd64"},
                   {"isProxied", false},
                   {"proxy", ""},
                   {"addresses", {"10.0.0.5/24"}},
                   {"publicIP", ip},
                   {"modules", {"file"}}}},
                 {"tags", json::array()}};
    auto r = cli_->Post("/api/v1/heartbeat", body.dump(), "application/json");
    ASSERT_TRUE(r) << httplib::to_string(r.error());
    ASSERT_EQ(r->status, 200) << r->body;
  }
  httplib::Headers Auth(const std::string& secret) const {
    return {{"X-PGPAUTHORIZATION", ApiHarness::Token(secret)}};
  }
  httplib::Result Get(const std::string& path, const std::string& secret) {
    return cli_->Get(("/api/v1" + path).c_str(), Auth(secret));
  }
  httplib::Result GetAdmin(const std::string& path) { return Get(path, TestKeys::Get().admin_sec); }
  // The agents of an answer by name.
  static std::map<std::string, json> Agents(const httplib::Result& r) {
    std::map<std::string, json> out;
    auto doc = json::parse(r->body);
    for (const auto& item : doc["collection"].value("items", json::array())) {
      EXPECT_EQ(item["data"].size(), 1u);
      EXPECT_EQ(item["data"][0]["name"], "agent");
      const json a = item["data"][0]["value"];
      out[a["name"].get<std::string>()] = a;
    }
    return out;
  }
  static std::string ErrorOf(const httplib::Result& r) {
    if (!r) return "<no response>";
    auto doc = json::parse(r->body, nullptr, false);
    if (doc.is_discarded()) return r->body;
    return doc["collection"]["error"].value("message", "");
  }

  TempDir dir_{"mig-geo-test"};
  std::unique_ptr<ApiHarness> h_;
  std::unique_ptr<httplib::Client> cli_;
};

TEST_P(GeoApiTest, LocatesEveryAgentByItsReportedPublicAddress) {
  ASSERT_NO_FATAL_FAILURE(Start(true));
  auto r = GetAdmin("/agent/locations");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
  EXPECT_FALSE(r->has_header("X-MIG-Truncated"));
  auto doc = json::parse(r->body);
  EXPECT_EQ(doc["collection"]["error"], json::object());
  auto agents = Agents(r);
  ASSERT_EQ(agents.size(), 9u) << r->body;

  const json& paris = agents["paris"];
  EXPECT_EQ(paris["publicip"], "192.0.2.10");
  EXPECT_EQ(paris["status"], "online");
  EXPECT_GT(paris["id"].get<Id>(), 0);
  EXPECT_TRUE(ParseTime(paris["heartbeattime"].get<std::string>()).ok()) << paris;
  EXPECT_EQ(
      paris["location"],
      json::parse(R"({"latitude":48.8566,"longitude":2.3522,"country":"FR","city":"Paris"})"));
  EXPECT_EQ(agents["tokyo"]["location"]["city"], "Tokyo");
  EXPECT_EQ(agents["tokyo"]["location"]["longitude"], 139.6917);
  EXPECT_EQ(agents["sydney"]["location"]["city"], "Sydney");
  EXPECT_EQ(agents["sydney"]["location"]["country"], "AU");
  EXPECT_EQ(agents["sydney"]["publicip"], "2001:db8::5");
  EXPECT_EQ(agents["mapped"]["location"]["city"], "S\xC3\xA3o Paulo");
  // The country without a position: fields null, not absent.
  EXPECT_EQ(agents["zurich"]["location"],
            json::parse(R"({"latitude":null,"longitude":null,"country":"CH","city":null})"));
  // Private (in the database as Berlin), absent, malformed, none: null.
  for (const char* name : {"lan", "nowhere", "garbage", "relayonly"}) {
    ASSERT_TRUE(agents[name].contains("location")) << name;
    EXPECT_TRUE(agents[name]["location"].is_null()) << name << ": " << agents[name];
  }
  EXPECT_EQ(agents["relayonly"]["publicip"], "");
  // Each item links to the agent.
  EXPECT_EQ(doc["collection"]["items"][0]["href"].get<std::string>().rfind(
                h_->config().host + "/api/v1/agent?agentid=", 0),
            0u);
}

TEST_P(GeoApiTest, TargetSelectsTheAgentsAsActionTargetsDo) {
  ASSERT_NO_FATAL_FAILURE(Start(true));
  auto r = GetAdmin("/agent/locations?target=" +
                    api::FormEncode("name IN ('paris','sydney') OR environment->>'publicip' = "
                                    "'10.0.0.7'"));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  auto agents = Agents(r);
  ASSERT_EQ(agents.size(), 3u) << r->body;
  EXPECT_EQ(agents["paris"]["location"]["city"], "Paris");
  EXPECT_EQ(agents["sydney"]["location"]["city"], "Sydney");
  EXPECT_TRUE(agents["lan"]["location"].is_null());
  // Nothing selected: an empty collection, not an error.
  r = GetAdmin("/agent/locations?target=" + api::FormEncode("name = 'nobody'"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_TRUE(Agents(r).empty());
  // An agent gone offline is not on the map (as it is in no action's target).
  ASSERT_TRUE(
      h_->db().MarkIdleAndOffline(Time::Now().AddSeconds(100000), store::AgentTimers{}).ok());
  ASSERT_TRUE(
      h_->db().MarkIdleAndOffline(Time::Now().AddSeconds(100000), store::AgentTimers{}).ok());
  r = GetAdmin("/agent/locations");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_TRUE(Agents(r).empty()) << r->body;
}

TEST_P(GeoApiTest, BadTargetIs400AsSearchSaysIt) {
  ASSERT_NO_FATAL_FAILURE(Start(true));
  const std::string target = "name = 'a' OR nmae = 'b'";
  auto r = GetAdmin("/agent/locations?target=" + api::FormEncode(target));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  const std::string mine = ErrorOf(r);
  EXPECT_EQ(mine.rfind("parameter 'target': invalid target: ", 0), 0u) << mine;
  EXPECT_NE(mine.find("at byte 14\n"), std::string::npos) << mine;
  // Word for word what /search gives.
  auto s = GetAdmin("/search?type=agent&target=" + api::FormEncode(target));
  ASSERT_TRUE(s);
  EXPECT_EQ(ErrorOf(s), mine);
  // Injection stays data; text the store cannot take is refused by name.
  r = GetAdmin("/agent/locations?target=" + api::FormEncode("name = 'x'; DROP TABLE agents"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  // A quote inside a literal stays in it: the name is "x' OR '1'='1".
  r = GetAdmin("/agent/locations?target=" + api::FormEncode("name = 'x'' OR ''1''=''1'"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Agents(r).size(), 0u);
  r = GetAdmin("/agent/locations?target=" + api::FormEncode(std::string("name = '\xff'")));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(ErrorOf(r).find("parameter 'target'"), std::string::npos) << ErrorOf(r);
  r = GetAdmin("/agent/locations?target=" + api::FormEncode(std::string("name = 'a\0b'", 12)));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  // Oversized: the grammar's bound, said with the byte.
  r = GetAdmin("/agent/locations?target=" +
               api::FormEncode("name = '" + std::string(20000, 'a') + "'"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  // The store still answers afterwards.
  r = GetAdmin("/agent/locations");
  ASSERT_TRUE(r);
  EXPECT_EQ(Agents(r).size(), 9u);
}

TEST_P(GeoApiTest, LimitBoundsTheAnswerAndSaysSo) {
  ASSERT_NO_FATAL_FAILURE(Start(true));
  auto r = GetAdmin("/agent/locations?limit=2");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Agents(r).size(), 2u);
  EXPECT_EQ(r->get_header_value("X-MIG-Truncated"), "2");
  r = GetAdmin("/agent/locations?limit=9");
  ASSERT_TRUE(r);
  EXPECT_EQ(Agents(r).size(), 9u);
  EXPECT_FALSE(r->has_header("X-MIG-Truncated"));
  r = GetAdmin("/agent/locations?limit=100000");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  for (const char* bad : {"0", "-1", "100001", "1e3", "abc", "", "99999999999999999999999"}) {
    r = GetAdmin(std::string("/agent/locations?limit=") + bad);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << bad;
    EXPECT_NE(ErrorOf(r).find("parameter 'limit'"), std::string::npos) << bad << ErrorOf(r);
  }
}

TEST_P(GeoApiTest, GeoDescribesTheDatabase) {
  ASSERT_NO_FATAL_FAILURE(Start(true));
  auto r = GetAdmin("/geo");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  auto doc = json::parse(r->body);
  const auto& item = doc["collection"]["items"][0];
  EXPECT_EQ(item["href"], h_->config().host + "/api/v1/geo");
  EXPECT_EQ(item["data"][0]["name"], "geo");
  EXPECT_EQ(
      item["data"][0]["value"],
      json::parse(R"({"configured":true,"type":"GeoLite2-City","built":"2026-01-01T00:00:00Z"})"));
}

TEST_P(GeoApiTest, PermissionsAgentForLocationsAnyInvestigatorForGeo) {
  ASSERT_NO_FATAL_FAILURE(Start(true));
  auto bob = api::CreateInvestigator(h_->db(), "Bob", TestKeys::Get().bob_pub, api::kPermSearch);
  ASSERT_TRUE(bob.ok()) << bob.error();
  auto r = Get("/agent/locations", TestKeys::Get().bob_sec);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_NE(ErrorOf(r).find("'agent' permission"), std::string::npos) << ErrorOf(r);
  r = Get("/geo", TestKeys::Get().bob_sec);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  for (const char* path : {"/api/v1/agent/locations", "/api/v1/geo"}) {
    r = cli_->Get(path);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401) << path;
    EXPECT_EQ(r->body.find("Paris"), std::string::npos);
  }
}

TEST_P(GeoApiTest, WithoutADatabaseEveryLocationIsNullAndNothingFails) {
  ASSERT_NO_FATAL_FAILURE(Start(false));
  auto r = GetAdmin("/agent/locations");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["collection"]["error"], json::object());
  auto agents = Agents(r);
  ASSERT_EQ(agents.size(), 9u);
  for (const auto& [name, a] : agents) {
    ASSERT_TRUE(a.contains("location")) << name;
    EXPECT_TRUE(a["location"].is_null()) << name;
  }
  EXPECT_EQ(agents["paris"]["publicip"], "192.0.2.10");
  r = GetAdmin("/geo");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(json::parse(r->body)["collection"]["items"][0]["data"][0]["value"],
            json::parse(R"({"configured":false,"type":null,"built":null})"));
}

INSTANTIATE_TEST_SUITE_P(Backends, GeoApiTest, ::testing::Values("sqlite", "postgres"));

// A database named but unusable stops the server at start, in process and
// as the binary, with the key and the file in the message.
TEST(GeoStartup, UnusableDatabaseIsAClearStartupError) {
  TempDir dir;
  WriteFile(dir.Sub("text.mmdb"), "not a database\n");
  for (const std::string& file : {dir.Sub("absent.mmdb"), dir.Sub("text.mmdb"), dir.path()}) {
    ApiHarness h("sqlite", false, [&](api::ApiConfig& c) { c.geo_database = file; });
    EXPECT_FALSE(h.ok());
    EXPECT_EQ(h.error().rfind("geo.database: MaxMind DB '" + file + "': ", 0), 0u) << h.error();
  }
}

const std::string kApi = BinaryDir() + "/apps/mig-api/mig-api";

std::string BinaryConfig(const TempDir& dir, int port, const std::string& geo) {
  return "[server]\n  ip = 127.0.0.1\n  port = " + std::to_string(port) +
         "\n[store]\n  driver = sqlite\n  path = " + dir.Sub("mig.db") +
         "\n[geo]\n  database = " + geo + "\n";
}

TEST(GeoStartup, BinaryRefusesABadDatabaseAndServesAGoodOne) {
  TempDir dir;
  WriteFile(dir.Sub("admin.asc"), TestKeys::Get().admin_pub);
  WriteFile(dir.Sub("bad.mmdb"), std::string(3000, '\x42'));
  const int port = FreeLoopbackPort();
  WriteFile(dir.Sub("bad.cfg"), BinaryConfig(dir, port, dir.Sub("bad.mmdb")));
  auto out = RunShell(kApi + " -c " + dir.Sub("bad.cfg") + " 2>&1");
  EXPECT_EQ(out.exit_code, 1) << out.output;
  EXPECT_NE(out.output.find("mig-api: geo.database: MaxMind DB '" + dir.Sub("bad.mmdb") + "'"),
            std::string::npos)
      << out.output;

  ASSERT_EQ(MakeTestGeoDb(dir.Sub("city.mmdb")), "");
  WriteFile(dir.Sub("api.cfg"), BinaryConfig(dir, port, dir.Sub("city.mmdb")));
  const std::string base = kApi + " -c " + dir.Sub("api.cfg");
  out = RunShell(base + " --init-investigator Admin --pubkey " + dir.Sub("admin.asc"));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  RunShell(base + " > " + dir.Sub("log") + " 2>&1 & echo $! > " + dir.Sub("pid"));
  httplib::Client cli("127.0.0.1", port);
  for (int i = 0; i < 100 && !cli.Get("/api/v1/heartbeat"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto r = cli.Get("/api/v1/geo",
                   {{"X-PGPAUTHORIZATION", ApiHarness::Token(TestKeys::Get().admin_sec)}});
  RunShell("kill $(cat " + dir.Sub("pid") + ")");
  ASSERT_TRUE(r) << ReadFile(dir.Sub("log"));
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["collection"]["items"][0]["data"][0]["value"]["type"],
            "GeoLite2-City");
}

}  // namespace
}  // namespace mig::test
