// Slow, idle and streaming clients against a real mig-api process (issue 13,
// finding 3): on cpp-httplib's thread per connection, eight slow clients
// delayed every other request, 300 idle connections timed one out, eight
// /action/follow streams blocked the API. The attackers connect from
// 127.0.0.2 and up; the investigator keeps 127.0.0.1.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "api/api_keys.h"
#include "attack_support.h"
#include "store/store.h"

namespace mig::test {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr milliseconds kPrompt{250};  // a normal request's answer, loaded machine included

std::string Attacker(int i) {
  return "127.0.0." + std::to_string(2 + i % 50);
}

TEST(ApiSlowClients, SlowHeaderClientsDelayNobody) {
  ApiProcess api;
  ASSERT_TRUE(api.Answers());
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 8; ++i)
    slow.push_back(std::make_unique<RawConnection>(api.port(), Attacker(i)));
  const std::string head = "GET /api/v1/heartbeat HTTP/1.1\r\nHost: x\r\n";
  for (size_t b = 0; b < 12; ++b) {
    for (auto& c : slow)
      c->Send(head.substr(b, 1));
    EXPECT_TRUE(api.Answers(kPrompt)) << "after " << b + 1 << " slow bytes";
    std::this_thread::sleep_for(milliseconds(300));
  }
}

TEST(ApiSlowClients, SlowHeadersAreCutOff) {
  ApiProcess api;
  RawConnection c(api.port(), Attacker(0));
  const auto start = std::chrono::steady_clock::now();
  // One byte a second never completes a head within the 10 s allowed.
  for (int i = 0; i < 20 && c.Send("X"); ++i) {
    if (c.ClosedWithin(seconds(1))) break;
  }
  const auto took = std::chrono::duration_cast<seconds>(std::chrono::steady_clock::now() - start);
  EXPECT_TRUE(c.ClosedWithin(milliseconds(100)));
  EXPECT_LE(took.count(), 13);
}

TEST(ApiSlowClients, ThousandIdleConnectionsDelayNobody) {
  ApiProcess api;
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 1000; ++i)
    idle.push_back(std::make_unique<RawConnection>(api.port(), Attacker(i)));
  for (int i = 0; i < 5; ++i)
    EXPECT_TRUE(api.Answers(kPrompt));
  int open = 0;
  for (auto& c : idle)
    open += c->ClosedWithin(milliseconds(0)) ? 0 : 1;
  EXPECT_EQ(open, 1000) << "idle connections are kept until the idle timeout";
}

TEST(ApiSlowClients, ConnectionsPerAddressAreBounded) {
  ApiProcess api("", "  connsperaddress = 16\n");
  std::vector<std::unique_ptr<RawConnection>> conns;
  for (int i = 0; i < 24; ++i)
    conns.push_back(std::make_unique<RawConnection>(api.port(), "127.0.0.2"));
  int closed = 0;
  for (auto& c : conns)
    closed += c->ClosedWithin(milliseconds(200)) ? 1 : 0;
  EXPECT_EQ(closed, 8);
  EXPECT_TRUE(api.Answers(kPrompt)) << "another address is not affected";
  RawConnection other(api.port(), "127.0.0.3");
  EXPECT_FALSE(other.ClosedWithin(milliseconds(200)));
}

TEST(ApiSlowClients, FollowStreamsHoldNoWorker) {
  ApiProcess api;
  auto db = store::OpenSqliteStore(api.db_path());
  ASSERT_TRUE(db.ok()) << db.error();
  store::InvestigatorRecord r;
  r.info.name = "follower";
  r.info.status = "active";
  r.info.created_at = r.info.last_modified = Time::Now();
  r.permission_mask = ~uint64_t{0};
  auto id = (*db)->InsertInvestigator(r);
  ASSERT_TRUE(id.ok()) << id.error();
  auto key = api::GenerateApiKey();
  auto salt = api::GenerateSalt();
  ASSERT_TRUE((*db)
                  ->SetInvestigatorApiKey(*id, *api::HashApiKey(*key, *salt), *salt,
                                          key->substr(0, api::kApiKeyPrefixLength))
                  .ok());
  auto out = RunShell(
      "sqlite3 " + api.db_path() +
      " \"INSERT INTO actions (id, name, target, description, threat, operations, validfrom, "
      "expireafter, starttime, lastupdatetime, status, syntaxversion, pgpsignatures) VALUES "
      "(4242, 'follow me', 'name=''x''', '{}', '{}', '[]', "
      "strftime('%Y-%m-%dT%H:%M:%S.000000000Z','now'), "
      "strftime('%Y-%m-%dT%H:%M:%S.000000000Z','now','+1 hour'), "
      "strftime('%Y-%m-%dT%H:%M:%S.000000000Z','now'), "
      "strftime('%Y-%m-%dT%H:%M:%S.000000000Z','now'), 'inflight', 2, '[]')\"");
  ASSERT_EQ(out.exit_code, 0) << out.output;
  // More streams than the server has workers (8).
  std::vector<std::unique_ptr<RawConnection>> streams;
  for (int i = 0; i < 24; ++i) {
    streams.push_back(std::make_unique<RawConnection>(api.port(), Attacker(i)));
    streams.back()->Send(
        "GET /api/v1/action/follow?actionid=4242&interval=100 HTTP/1.1\r\nHost: x\r\n"
        "X-MIGAPIKEY: " +
        *key + "\r\n\r\n");
  }
  for (auto& s : streams) {
    const std::string got = s->Received("event: action");
    EXPECT_EQ(got.rfind("HTTP/1.1 200", 0), 0u) << got.substr(0, 300);
    EXPECT_NE(got.find("event: action"), std::string::npos) << got.substr(0, 300);
  }
  for (int i = 0; i < 5; ++i)
    EXPECT_TRUE(api.Answers(kPrompt));
  // Ending the action ends every stream.
  out = RunShell("sqlite3 " + api.db_path() + " \"UPDATE actions SET status = 'completed'\"");
  ASSERT_EQ(out.exit_code, 0) << out.output;
  for (auto& s : streams) {
    EXPECT_NE(s->Received("event: end").find("event: end"), std::string::npos);
    EXPECT_TRUE(s->ClosedWithin(seconds(2)));
  }
}

TEST(ApiSlowClients, HugeRequestHeadsAreNotBuffered) {
  ApiProcess api;
  {
    // cpp-httplib kept a request line until its end: 200 MB cost 270 MB.
    RawConnection c(api.port(), Attacker(0));
    c.Send("GET /");
    const std::string a(kMiB, 'a');
    for (int i = 0; i < 256 && c.Send(a); ++i) {
    }
    EXPECT_TRUE(c.ClosedWithin(seconds(5)));
  }
  {
    RawConnection c(api.port(), Attacker(1));
    c.Send("GET /api/v1/heartbeat HTTP/1.1\r\n");
    std::string lines;
    while (lines.size() < kMiB)
      lines += "X-Filler: " + std::string(100, 'b') + "\r\n";
    for (int i = 0; i < 256 && c.Send(lines); ++i) {
    }
    const std::string got = c.Received("\r\n\r\n");
    EXPECT_EQ(got.rfind("HTTP/1.1 431", 0), 0u) << got.substr(0, 200);
  }
#ifdef __SANITIZE_ADDRESS__
  EXPECT_LT(StatusKb(api.pid(), "VmHWM"), 320 * 1024);  // ASan's own memory (attack_test.cpp)
#else
  EXPECT_LT(StatusKb(api.pid(), "VmHWM"), 128 * 1024);
#endif
  EXPECT_TRUE(api.Answers());
}

}  // namespace
}  // namespace mig::test
