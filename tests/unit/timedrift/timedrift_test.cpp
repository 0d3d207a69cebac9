// timedrift against a local NTP responder on loopback (never a real server).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>

#include <gtest/gtest.h>

#include "modules/registry.h"
#include "modules/timedrift/duration.h"
#include "modules/timedrift/engine/timedrift_engine.h"
#include "modules/timedrift/timedrift_module.h"
#include "test_env.h"

namespace mig::modules::timedrift {
namespace {

// Answers SNTP requests with the local time shifted by offset_s; with
// null_reply it answers zeros instead.
class NtpResponder {
 public:
  explicit NtpResponder(int64_t offset_s, bool null_reply = false)
      : offset_s_(offset_s), null_reply_(null_reply) {
    fd_ = socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof sa;
    bind(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&sa), &len);
    port_ = ntohs(sa.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~NtpResponder() {
    stop_ = true;
    thread_.join();
    close(fd_);
  }
  int port() const { return port_; }
  int requests() const { return requests_; }

 private:
  void Serve() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      unsigned char req[64];
      sockaddr_in from{};
      socklen_t len = sizeof from;
      const ssize_t n = recvfrom(fd_, req, sizeof req, 0, reinterpret_cast<sockaddr*>(&from), &len);
      if (n != 48 || req[0] != 0x1B) continue;
      ++requests_;
      unsigned char reply[48] = {0x1C};
      if (!null_reply_) {
        const auto now = std::chrono::system_clock::now().time_since_epoch();
        const int64_t ns = std::chrono::duration_cast<std::chrono::nanoseconds>(now).count() +
                           offset_s_ * 1000000000LL;
        const uint32_t secs = static_cast<uint32_t>(ns / 1000000000LL + 2208988800LL);
        const uint32_t frac =
            static_cast<uint32_t>((static_cast<uint64_t>(ns % 1000000000LL) << 32) /
                                  1000000000ULL) |
            1;
        for (int i = 0; i < 4; ++i) {
          reply[40 + i] = static_cast<unsigned char>(secs >> (24 - 8 * i));
          reply[44 + i] = static_cast<unsigned char>(frac >> (24 - 8 * i));
        }
      }
      sendto(fd_, reply, sizeof reply, 0, reinterpret_cast<sockaddr*>(&from), len);
    }
  }
  int64_t offset_s_;
  bool null_reply_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> requests_{0};
  std::thread thread_;
};

NtpOptions LocalOptions(int port, std::vector<std::string> servers) {
  NtpOptions o;
  o.config_files = {"/nonexistent/ntp.conf"};
  o.fallback_servers = std::move(servers);
  o.port = port;
  o.timeout_ms = 1000;
  return o;
}

TEST(TimedriftDuration, GoParseDuration) {
  EXPECT_EQ(*ParseGoDuration("5s"), 5000000000LL);
  EXPECT_EQ(*ParseGoDuration("1m30s"), 90000000000LL);
  EXPECT_EQ(*ParseGoDuration("1.5h"), 5400000000000LL);
  EXPECT_EQ(*ParseGoDuration("10ms"), 10000000LL);
  EXPECT_EQ(*ParseGoDuration("2\xC2\xB5s"), 2000LL);
  EXPECT_EQ(*ParseGoDuration("-3us"), -3000LL);
  EXPECT_EQ(*ParseGoDuration("0"), 0);
  EXPECT_EQ(ParseGoDuration("5x").error(), "time: unknown unit \"x\" in duration \"5x\"");
  EXPECT_EQ(ParseGoDuration("5").error(), "time: missing unit in duration \"5\"");
  EXPECT_EQ(ParseGoDuration("s").error(), "time: invalid duration \"s\"");
  EXPECT_EQ(ParseGoDuration("").error(), "time: invalid duration \"\"");
}

TEST(TimedriftRun, NoDriftOnlyReportsLocalTime) {
  const ModuleResult r = CreateModule("timedrift")->Run(Json::parse("{}"));
  EXPECT_TRUE(r.success);
  EXPECT_TRUE(r.found_anything);
  EXPECT_EQ(r.elements["hascheckeddrift"], false);
  EXPECT_FALSE(r.elements.contains("iswithindrift"));
  EXPECT_TRUE(r.elements["localtime"].is_string());
  EXPECT_FALSE(r.statistics.contains("ntpstats"));
  EXPECT_TRUE(r.errors.empty());
}

TEST(TimedriftRun, InvalidDriftIsExplained) {
  for (const auto& [params, msg] : std::vector<std::pair<std::string, std::string>>{
           {R"({"drift":"5x"})",
            "time: unknown unit \"x\" in duration \"5x\" (drift must be a "
            "duration such as 5s, 1m30s or 500ms)"},
           {R"({"drift":"-5s"})", "drift must not be negative, got -5s"},
           {R"({"drift":5})",
            "ReadInputParameters() -> json: cannot unmarshal number into Go "
            "struct field params.drift of type string"}}) {
    const ModuleResult r = CreateModule("timedrift")->Run(Json::parse(params));
    EXPECT_FALSE(r.success);
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0], msg);
  }
}

TEST(TimedriftRun, WithinDrift) {
  NtpResponder ntp(0);
  const ModuleResult r =
      RunTimedrift(Json::parse(R"({"drift":"5s"})"), LocalOptions(ntp.port(), {"127.0.0.1"}));
  EXPECT_TRUE(r.success) << r.errors.size();
  EXPECT_FALSE(r.found_anything);
  EXPECT_EQ(r.elements["hascheckeddrift"], true);
  EXPECT_EQ(r.elements["iswithindrift"], true);
  EXPECT_FALSE(r.elements.contains("drifts"));
  ASSERT_EQ(r.statistics["ntpstats"].size(), 1u);
  EXPECT_EQ(r.statistics["ntpstats"][0]["host"], "127.0.0.1");
  EXPECT_EQ(r.statistics["ntpstats"][0]["reachable"], true);
  EXPECT_TRUE(r.errors.empty()) << "a missing ntp.conf is not an error";
  EXPECT_EQ(ntp.requests(), 1);
}

TEST(TimedriftRun, BehindAndAheadOfTheServer) {
  {
    NtpResponder ahead_server(3600);
    const ModuleResult r = RunTimedrift(Json::parse(R"({"drift":"5s"})"),
                                        LocalOptions(ahead_server.port(), {"127.0.0.1"}));
    EXPECT_TRUE(r.success);
    EXPECT_TRUE(r.found_anything);
    EXPECT_FALSE(r.elements.contains("iswithindrift"));
    ASSERT_EQ(r.elements["drifts"].size(), 1u);
    const std::string d = r.elements["drifts"][0];
    EXPECT_EQ(d.rfind("Local time is behind ntp host 127.0.0.1 by 59m59.", 0), 0u) << d;
    const std::string drift = r.statistics["ntpstats"][0]["drift"];
    EXPECT_EQ(drift.rfind("-59m59.", 0), 0u) << drift;
  }
  {
    NtpResponder behind_server(-120);
    const ModuleResult r = RunTimedrift(Json::parse(R"({"drift":"1m"})"),
                                        LocalOptions(behind_server.port(), {"127.0.0.1"}));
    EXPECT_TRUE(r.found_anything);
    const std::string d = r.elements["drifts"][0];
    EXPECT_EQ(d.rfind("Local time is ahead of ntp host 127.0.0.1 by 2m0.", 0), 0u) << d;
  }
}

TEST(TimedriftRun, NullAndSilentServersAreSkipped) {
  NtpResponder null_server(0, true);
  int silent_port = 0;
  const int silent = socket(AF_INET, SOCK_DGRAM, 0);  // bound, never answers
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof sa;
  bind(silent, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
  getsockname(silent, reinterpret_cast<sockaddr*>(&sa), &len);
  silent_port = ntohs(sa.sin_port);
  // All servers share one port in NtpOptions, so test each failure alone.
  const ModuleResult nulls = RunTimedrift(Json::parse(R"({"drift":"5s"})"),
                                          LocalOptions(null_server.port(), {"127.0.0.1", "::1"}));
  EXPECT_FALSE(nulls.success);
  EXPECT_FALSE(nulls.found_anything);
  EXPECT_EQ(nulls.elements["hascheckeddrift"], false);
  EXPECT_EQ(nulls.elements["iswithindrift"], true);
  ASSERT_EQ(nulls.statistics["ntpstats"].size(), 2u);
  EXPECT_EQ(nulls.statistics["ntpstats"][0],
            OrderedJson::parse(R"({"host":"127.0.0.1","time":"0001-01-01T00:00:00Z","latency":"",
                                   "drift":"","reachable":false})"));
  ASSERT_EQ(nulls.errors.size(), 1u);
  EXPECT_NE(nulls.errors[0].find("null response received from NTP host"), std::string::npos);
  const ModuleResult silence =
      RunTimedrift(Json::parse(R"({"drift":"5s"})"), LocalOptions(silent_port, {"127.0.0.1"}));
  close(silent);
  EXPECT_FALSE(silence.success);
  EXPECT_NE(silence.errors[0].find("i/o timeout"), std::string::npos);
}

TEST(TimedriftConfig, ServersFromConfigThenFallbacks) {
  test::TempDir dir;
  test::WriteFile(dir.Sub("ntp.conf"),
                  "# comment\nserver 127.0.0.1 iburst\ndriftfile /x\npool ntp.example\nserver\n");
  NtpOptions o;
  o.config_files = {dir.Sub("ntp.conf"), dir.Sub("missing.conf")};
  o.fallback_servers = {"fallback"};
  std::vector<std::string> notes;
  EXPECT_EQ(NtpServers(o, &notes),
            (std::vector<std::string>{"127.0.0.1", "ntp.example", "fallback"}));
  EXPECT_TRUE(notes.empty());
}

TEST(TimedriftFormat, Rfc3339InTheHostZone) {
  setenv("TZ", "America/New_York", 1);
  tzset();
  EXPECT_EQ(FormatRfc3339Local(1426353987441740604LL), "2015-03-14T13:26:27.441740604-04:00");
  setenv("TZ", "UTC", 1);
  tzset();
  EXPECT_EQ(FormatRfc3339Local(1426353987000000000LL), "2015-03-14T17:26:27Z");
  EXPECT_EQ(FormatRfc3339Local(1426353987500000000LL), "2015-03-14T17:26:27.5Z");
}

TEST(TimedriftPrinter, Lines) {
  ModuleResult r;
  r.success = true;
  r.found_anything = true;
  r.elements = OrderedJson::parse(
      R"({"hascheckeddrift":true,"drifts":["Local time is behind ntp host h by 1m0s"],"localtime":"T"})");
  r.statistics = OrderedJson::parse(
      R"({"exectime":"5ms","ntpstats":[{"host":"a","time":"","latency":"","drift":"","reachable":false},
          {"host":"h","time":"2015-03-14T17:26:27.473289999Z","latency":"44ms","drift":"-1m0s","reachable":true}]})");
  r.errors = {"oops"};
  const std::vector<std::string> expected = {
      "local time is T",
      "local time is out of sync from NTP servers",
      "Local time is behind ntp host h by 1m0s",
      "error:",
      "oops",
      "stat: execution time was 5ms",
      "stat: a was unreachable",
      "stat: h responded in 44ms with time 2015-03-14T17:26:27.473289999Z. local time drifts by "
      "-1m0s",
      "timedrift module has succeeded"};
  EXPECT_EQ(PrintTimedriftResult(r, false), expected);
  EXPECT_EQ(PrintTimedriftResult(r, true).size(), 3u);
}

TEST(TimedriftCli, FlagsAndStandaloneRun) {
  auto m = CreateModule("timedrift");
  EXPECT_EQ(*m->ParametersFromArgs({}), Json::parse(R"({"drift":""})"));
  EXPECT_EQ(*m->ParametersFromArgs({"-drift", "60s"}), Json::parse(R"({"drift":"60s"})"));
  EXPECT_FALSE(m->ParametersFromArgs({"-drift", "60"}));
  const std::string agent = mig::test::BinaryDir() + "/apps/mig-agent/mig-agent";
  auto out = test::RunShell("echo '{\"class\":\"parameters\",\"parameters\":{\"drift\":\"\"}}' | " +
                            agent + " -m timedrift");
  EXPECT_NE(
      out.output.find(
          R"({"foundanything":true,"success":true,"elements":{"hascheckeddrift":false,"localtime":")"),
      std::string::npos)
      << out.output;
  auto cli = test::RunShell(mig::test::BinaryDir() + "/apps/mig/mig timedrift -t local");
  EXPECT_EQ(cli.output.rfind("local time is ", 0), 0u) << cli.output;
}

}  // namespace
}  // namespace mig::modules::timedrift
