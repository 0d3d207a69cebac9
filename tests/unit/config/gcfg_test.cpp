#include "core/gcfg.h"

#include <cstdint>

#include <gtest/gtest.h>

namespace mig {
namespace {

TEST(ConfigFile, ParsesSectionsKeysAndComments) {
  auto cfg = ConfigFile::Parse(R"(
; a comment
# another
[Agent]
    Relay = "amqp://guest:guest@localhost:5672/"   ; trailing comment
    heartbeatfreq = 300s
    isimmortal = on
    flag
[targets]
    macro = allonline:status='online'
    macro = "idle:status='idle' ; not a comment"
)");
  ASSERT_TRUE(cfg.ok()) << cfg.error();
  EXPECT_TRUE(cfg->HasSection("agent"));
  EXPECT_EQ(cfg->Get("agent", "relay"), "amqp://guest:guest@localhost:5672/");
  EXPECT_EQ(cfg->Get("AGENT", "HeartbeatFreq"), "300s");
  EXPECT_TRUE(*cfg->GetBool("agent", "isimmortal", false));
  EXPECT_TRUE(*cfg->GetBool("agent", "flag", false));
  EXPECT_FALSE(*cfg->GetBool("agent", "absent", false));
  auto macros = cfg->GetAll("targets", "macro");
  ASSERT_EQ(macros.size(), 2u);
  EXPECT_EQ(macros[0], "allonline:status='online'");
  EXPECT_EQ(macros[1], "idle:status='idle' ; not a comment");
  EXPECT_EQ(cfg->Get("agent", "missing", "dflt"), "dflt");
}

TEST(ConfigFile, ReportsUnknownKeys) {
  auto cfg = ConfigFile::Parse("[agent]\nrelay = x\nbogus = y\n");
  ASSERT_TRUE(cfg.ok());
  auto unknown = cfg->UnknownKeys({"agent.relay"});
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0], "agent.bogus");
}

TEST(ConfigFile, RejectsMalformedInputWithLineNumbers) {
  struct Case {
    const char* text;
    const char* expect;
  } cases[] = {
      {"key = 1\n", "cfg:1: key outside of any [section]"},
      {"[agent\n", "cfg:1: section header without ']'"},
      {"[agent]\n\nrelay = \"open\n", "cfg:3: unterminated quoted value"},
      {"[agent]\n1bad = x\n", "cfg:2: invalid key name '1bad'"},
      {"[bad name!]\n", "cfg:1: invalid section name"},
      {"[agent]\nv = a\\q\n", "cfg:2: unknown escape"},
  };
  for (const auto& c : cases) {
    auto cfg = ConfigFile::Parse(c.text, "cfg");
    ASSERT_FALSE(cfg.ok()) << c.text;
    EXPECT_NE(cfg.error().find(c.expect), std::string::npos) << cfg.error();
  }
}

TEST(ConfigFile, RejectsNonBooleans) {
  auto cfg = ConfigFile::Parse("[agent]\ncheckin = maybe\n");
  ASSERT_TRUE(cfg.ok());
  auto b = cfg->GetBool("agent", "checkin", false);
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.error().find("not a boolean"), std::string::npos);
}

TEST(ConfigFile, MissingFileIsAnError) {
  auto cfg = ConfigFile::Load("/nonexistent/mig.cfg");
  ASSERT_FALSE(cfg.ok());
  EXPECT_NE(cfg.error().find("/nonexistent/mig.cfg"), std::string::npos);
}

TEST(GoDuration, ParsesGoSyntax) {
  EXPECT_EQ(*ParseGoDuration("300s"), 300'000'000'000);
  EXPECT_EQ(*ParseGoDuration("5m"), 300'000'000'000);
  EXPECT_EQ(*ParseGoDuration("1h30m"), 5'400'000'000'000);
  EXPECT_EQ(*ParseGoDuration("1.5h"), 5'400'000'000'000);
  EXPECT_EQ(*ParseGoDuration("250ms"), 250'000'000);
  EXPECT_EQ(*ParseGoDuration("0"), 0);
  EXPECT_EQ(*ParseGoDuration("-2s"), -2'000'000'000);
  EXPECT_EQ(*ParseGoDuration("1\xc2\xb5s"), 1000);
  for (const char* bad : {"", "5", "abc", "5x", "1..2s", "s"}) {
    EXPECT_FALSE(ParseGoDuration(bad).ok()) << bad;
  }
}

// Found by tests/fuzz/gcfg_fuzz.cpp: durations were summed as a long double
// and rounded through a double, so above 2^53 ns (104 days) FormatGoDuration's
// text read back to another value. Now exact, with Go's limits.
TEST(GoDuration, ExactUpToTheInt64Limit) {
  for (int64_t ns : {int64_t{9007199254740993}, int64_t{1234567890123456789}, int64_t{INT64_MAX},
                     int64_t{INT64_MIN}, int64_t{-3'600'000'000'001}}) {
    auto back = ParseGoDuration(FormatGoDuration(ns));
    ASSERT_TRUE(back.ok()) << FormatGoDuration(ns) << ": " << back.error();
    EXPECT_EQ(*back, ns) << FormatGoDuration(ns);
  }
  EXPECT_EQ(*ParseGoDuration("9007199254740993ns"), 9007199254740993);
  EXPECT_EQ(*ParseGoDuration("2562047h47m16.854775807s"), INT64_MAX);
  EXPECT_EQ(*ParseGoDuration("-9223372036854775808ns"), INT64_MIN);
  EXPECT_EQ(*ParseGoDuration(".5s"), 500'000'000);
  EXPECT_EQ(*ParseGoDuration("1.0000000000000000000000001s"), 1'000'000'000);
  for (const char* bad : {"9223372036854775808ns", "2562047h47m16.854775808s", "3000000h", ".s",
                          "99999999999999999999s"}) {
    EXPECT_FALSE(ParseGoDuration(bad).ok()) << bad;
  }
}

TEST(GoDuration, FormatsLikeGo) {
  EXPECT_EQ(FormatGoDuration(0), "0s");
  EXPECT_EQ(FormatGoDuration(999), "999ns");
  EXPECT_EQ(FormatGoDuration(1500), "1.5\xc2\xb5s");
  EXPECT_EQ(FormatGoDuration(2'439'374), "2.439374ms");
  EXPECT_EQ(FormatGoDuration(4'461'753'288), "4.461753288s");
  EXPECT_EQ(FormatGoDuration(62'500'000'000), "1m2.5s");
  EXPECT_EQ(FormatGoDuration(3'600'500'000'000), "1h0m0.5s");
  EXPECT_EQ(FormatGoDuration(300'000'000'000), "5m0s");
  EXPECT_EQ(FormatGoDuration(-1'000'000'000), "-1s");
}

}  // namespace
}  // namespace mig
