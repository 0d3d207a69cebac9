// Finding 4: one message the store cannot take must neither block the
// messages it arrived with nor come back forever. StoreIsolatingBadMessages
// finds it by storing halves; the ingest checks refuse what no column can
// hold, and heartbeats from the future, before the store sees them.
#include "scheduler/ingest.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <set>
#include <sstream>

#include "core/documents_json.h"
#include "store/store.h"
#include "test_env.h"

namespace mig::scheduler {
namespace {

// Captures what spdlog writes while it lives.
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink));
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  std::string text() const { return out_.str(); }

 private:
  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> previous_;
};

std::vector<RelayMessage> Numbered(int n) {
  std::vector<RelayMessage> m;
  for (int i = 0; i < n; ++i)
    m.push_back({"m" + std::to_string(i), std::nullopt});
  return m;
}

TEST(StoreIsolatingBadMessages, DropsOnlyTheMessagesTheStoreCannotTake) {
  auto messages = Numbered(100);
  messages[37].body = "m37\nFORGED log line";
  messages[80].sender = "linux.evil";
  std::set<std::string> stored;
  int calls = 0;
  auto store = [&](std::span<const RelayMessage> part) {
    ++calls;
    for (const auto& m : part) {
      if (m.body.rfind("m37", 0) == 0 || m.body == "m80")
        return Status::DataError("PostgreSQL: ERROR: unsupported Unicode escape sequence");
    }
    for (const auto& m : part)
      stored.insert(m.body);
    return Status::Ok();
  };
  LogCapture log;
  int64_t dropped = 0;
  Status s = StoreIsolatingBadMessages(messages, "heartbeat", store, &dropped);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(dropped, 2);
  EXPECT_EQ(stored.size(), 98u);
  EXPECT_FALSE(stored.count("m80"));
  EXPECT_TRUE(stored.count("m0") && stored.count("m36") && stored.count("m38") &&
              stored.count("m99"));
  EXPECT_LE(calls, 1 + 4 * 7) << "about 2 log2(n) calls per bad message";
  const std::string text = log.text();
  EXPECT_NE(text.find("dropping a heartbeat the store cannot take"), std::string::npos) << text;
  EXPECT_NE(text.find("m37\\nFORGED log line"), std::string::npos) << "escaped: " << text;
  EXPECT_EQ(text.find("m37\nFORGED"), std::string::npos) << "a forged log line: " << text;
  EXPECT_NE(text.find("relay user \"linux.evil\""), std::string::npos) << text;
}

TEST(StoreIsolatingBadMessages, OtherErrorsAreReturnedForRedelivery) {
  auto messages = Numbered(10);
  int calls = 0;
  Status s = StoreIsolatingBadMessages(messages, "result", [&](std::span<const RelayMessage>) {
    ++calls;
    return Status::Error("PostgreSQL: server closed the connection unexpectedly");
  });
  EXPECT_FALSE(s.ok());
  EXPECT_FALSE(s.is_data_error());
  EXPECT_EQ(calls, 1) << "a lost connection is not bisected";
  // A connection lost while halving stops there, too.
  calls = 0;
  s = StoreIsolatingBadMessages(messages, "result", [&](std::span<const RelayMessage> part) {
    ++calls;
    return part.size() == 10 ? Status::DataError("bad") : Status::Error("connection lost");
  });
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(calls, 2);
}

TEST(StoreIsolatingBadMessages, ContextKeepsTheKindOfError) {
  EXPECT_TRUE(Status::DataError("x").Context("storing").is_data_error());
  EXPECT_FALSE(Status::Error("x").Context("storing").is_data_error());
  Result<int> r = Status::DataError("y");
  EXPECT_TRUE(r.status().is_data_error());
}

class Ingest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::OpenSqliteStore(dir_.Sub("mig.db"));
    ASSERT_TRUE(s.ok()) << s.error();
    store_ = std::move(*s);
  }
  static Agent NewAgent(const std::string& queue_loc, Time now) {
    Agent a;
    a.name = "host-" + queue_loc;
    a.queue_loc = queue_loc;
    a.mode = "daemon";
    a.version = "1.0";
    a.pid = 42;
    a.heartbeat_time = now;
    a.refresh_time = now;
    a.environment.os = "linux";
    a.tags = {{"role", "web"}};
    return a;
  }
  test::TempDir dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(Ingest, HeartbeatsNoColumnCanHoldOrFromTheFutureAreRefusedAndTheRestStored) {
  const Time now = Time::Now();
  Agent nul_loc = NewAgent(std::string("linux.a\0b", 9), now);
  Agent nul_tag = NewAgent("linux.tag", now);
  nul_tag.tags["role"] = std::string("w\0b", 3);
  Agent future = NewAgent("linux.future", now);
  future.heartbeat_time = now.AddSeconds(365 * 24 * 3600);
  std::vector<RelayMessage> messages = {{WriteAgent(NewAgent("linux.one", now)), std::nullopt},
                                        {WriteAgent(nul_loc), std::nullopt},
                                        {WriteAgent(nul_tag), std::nullopt},
                                        {WriteAgent(future), std::nullopt},
                                        {WriteAgent(NewAgent("linux.two", now)), std::nullopt}};
  ASSERT_NE(messages[1].body.find("\\u0000"), std::string::npos);
  HeartbeatRules rules;
  rules.senders.accept_shared_account = true;
  LogCapture log;
  auto stats = IngestHeartbeats(*store_, messages, rules, now);
  ASSERT_TRUE(stats.ok()) << stats.error();
  EXPECT_EQ(stats->accepted, 3);
  EXPECT_EQ(stats->rejected, 2);
  const std::string text = log.text();
  EXPECT_NE(text.find("has a NUL character"), std::string::npos) << text;
  EXPECT_NE(text.find("linux.a\\x00b"), std::string::npos) << "escaped: " << text;
  EXPECT_NE(text.find("more than a day ahead"), std::string::npos) << text;
  store::AgentQuery q;
  q.queue_loc_like = "linux.tag";
  auto tagged = store_->SearchAgents(q);
  ASSERT_TRUE(tagged.ok() && tagged->size() == 1u) << tagged.error();
  EXPECT_EQ((*tagged)[0].tags.at("role"),
            "w\xE2\x90\x80"
            "b");
}

TEST_F(Ingest, AResultForAQueueNoColumnCanHoldIsRefusedBeforeTheStore) {
  const Time now = Time::Now();
  Command c;
  c.id = 12345;
  c.status = "success";
  c.agent.queue_loc = std::string("linux.\0x", 8);
  c.agent.pid = 1;
  c.results = {ModuleResult{}};
  std::vector<RelayMessage> messages = {{WriteCommand(c), std::nullopt}};
  LogCapture log;
  auto stats = IngestResults(*store_, messages, SenderPolicy{true}, now);
  ASSERT_TRUE(stats.ok()) << stats.error();
  EXPECT_EQ(stats->rejected, 1);
  EXPECT_NE(log.text().find("queueloc has a NUL character"), std::string::npos) << log.text();
}

}  // namespace
}  // namespace mig::scheduler
