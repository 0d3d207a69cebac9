// ping against real sockets on loopback and inside test namespaces only.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "modules/ping/engine/probes.h"
#include "modules/ping/params.h"
#include "modules/ping/ping_module.h"
#include "modules/registry.h"
#include "modules/result_json.h"
#include "netns.h"
#include "test_env.h"

namespace mig::modules::ping {
namespace {

ModuleResult RunPing(const std::string& params) {
  return CreateModule("ping")->Run(Json::parse(params));
}

std::string Params(const std::string& dest, const std::string& proto, int port, int count,
                   int timeout = 2) {
  return R"({"destination":")" + dest + R"(","protocol":")" + proto + R"(","destinationport":)" +
         std::to_string(port) + R"(,"count":)" + std::to_string(count) + R"(,"timeout":)" +
         std::to_string(timeout) + "}";
}

int BoundSocket(int type, int* port) {
  const int fd = socket(AF_INET, type, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof sa;
  if (bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) return -1;
  getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
  *port = ntohs(sa.sin_port);
  if (type == SOCK_STREAM) listen(fd, 8);
  return fd;
}

void ExpectFailure(const std::string& params, const std::string& message) {
  const ModuleResult r = RunPing(params);
  EXPECT_FALSE(r.success) << params;
  EXPECT_FALSE(r.found_anything);
  EXPECT_TRUE(r.elements.is_null());
  ASSERT_EQ(r.errors.size(), 1u) << params;
  EXPECT_EQ(r.errors[0], message);
}

TEST(PingParams, InvalidParametersSayWhatToFix) {
  ExpectFailure(R"({"destination":"127.0.0.1","protocol":"foo"})",
                "foo is not a supported ping protocol (use icmp, tcp or udp)");
  ExpectFailure(R"({"destination":"127.0.0.1","protocol":"tcp","destinationport":70000})",
                "tcp ping requires a valid destination port between 0 and 65535, got 70000");
  ExpectFailure(R"({"destination":"127.0.0.1","protocol":"udp","destinationport":-1})",
                "udp ping requires a valid destination port between 0 and 65535, got -1");
  ExpectFailure(R"({"destination":"127.0.0.1","protocol":"icmp","count":-2})",
                "count must be between 0 and 1000 attempts (0 means 3), got -2");
  ExpectFailure(R"({"destination":"127.0.0.1","protocol":"icmp","timeout":9000})",
                "timeout must be between 0 and 600 seconds (0 means 5), got 9000");
  ExpectFailure(R"({"destination":"","protocol":"icmp"})",
                "destination IP is invalid:  (destination must be an IP address or a host name "
                "that resolves)");
  ExpectFailure(R"({"destination":"127.0.0.1","protocol":"tcp","destinationport":"80"})",
                "ReadInputParameters() -> json: cannot unmarshal string into Go struct field "
                "params.destinationport of type float64");
  ExpectFailure(R"({"destination":["127.0.0.1"],"protocol":"icmp"})",
                "ReadInputParameters() -> json: cannot unmarshal array into Go struct field "
                "params.destination of type string");
}

TEST(PingParams, IcmpIgnoresThePortAndDefaultsApply) {
  auto p = DecodeParameters(Json::parse(R"({"destination":"::1","protocol":"icmp",
                                           "destinationport":-1})"));
  ASSERT_TRUE(p);
  auto t = ValidateParameters(*p);
  ASSERT_TRUE(t) << t.error();
  EXPECT_EQ(t->ip, "::1");
  EXPECT_EQ(t->count, 3);
  EXPECT_EQ(t->timeout_seconds, 5);
}

TEST(PingCli, ObservedExamples) {
  auto m = CreateModule("ping");
  auto a =
      m->ParametersFromArgs({"-d", "127.0.0.1", "-dp", "80", "-p", "tcp", "-c", "2", "-t", "3"});
  ASSERT_TRUE(a) << a.error();
  auto pa = ParsePingArgs({"-d", "127.0.0.1", "-dp", "80", "-p", "tcp", "-c", "2", "-t", "3"});
  EXPECT_EQ(
      ParametersToJson(*pa).dump(),
      R"({"destination":"127.0.0.1","destinationport":80,"protocol":"tcp","count":2,"timeout":3})");
  auto pb = ParsePingArgs({"-d", "127.0.0.1"});
  EXPECT_EQ(
      ParametersToJson(*pb).dump(),
      R"({"destination":"127.0.0.1","destinationport":-1,"protocol":"icmp","count":3,"timeout":5})");
  auto missing_port = m->ParametersFromArgs({"-d", "127.0.0.1", "-p", "tcp"});
  ASSERT_FALSE(missing_port);
  EXPECT_EQ(missing_port.error(),
            "tcp ping requires a valid destination port between 0 and 65535, got -1");
  auto bad_count = m->ParametersFromArgs({"-d", "127.0.0.1", "-c", "many"});
  ASSERT_FALSE(bad_count);
  EXPECT_EQ(bad_count.error(), "invalid value \"many\" for flag -c: expected a number");
  EXPECT_NE(m->Usage().find("mig ping -t local -d 10.0.0.1 -p icmp"), std::string::npos);
}

TEST(PingTcp, OpenPortAnswers) {
  int port = 0;
  const int fd = BoundSocket(SOCK_STREAM, &port);
  ASSERT_GE(fd, 0);
  const ModuleResult r = RunPing(Params("127.0.0.1", "tcp", port, 2));
  close(fd);
  ASSERT_TRUE(r.success);
  EXPECT_TRUE(r.found_anything);
  ASSERT_EQ(r.elements["latencies"].size(), 2u);
  for (const auto& l : r.elements["latencies"]) {
    EXPECT_GT(l.get<double>(), 0);
    EXPECT_LT(l.get<double>(), 9999999);
  }
  EXPECT_EQ(r.elements["resolvedhost"], "127.0.0.1:" + std::to_string(port) + " (127.0.0.1)");
  EXPECT_TRUE(r.elements["failures"].is_null());
}

TEST(PingTcp, ClosedPortIsAnAnswerNotACrash) {
  int port = 0;
  const int fd = BoundSocket(SOCK_STREAM, &port);
  close(fd);  // nothing listens there any more
  const ModuleResult r = RunPing(Params("127.0.0.1", "tcp", port, 2));
  EXPECT_TRUE(r.success);
  EXPECT_FALSE(r.found_anything);
  EXPECT_EQ(
      modules::ModuleResultToString(r),
      R"({"foundanything":false,"success":true,"elements":{"latencies":[-1,-1],"protocol":"tcp","resolvedhost":"127.0.0.1:)" +
          std::to_string(port) +
          R"x( (127.0.0.1)","failures":null},"statistics":null,"errors":null})x");
}

TEST(PingUdp, ClosedRespondingAndSilentPorts) {
  int port = 0;
  int fd = BoundSocket(SOCK_DGRAM, &port);
  close(fd);
  const ModuleResult closed = RunPing(Params("127.0.0.1", "udp", port, 1));
  EXPECT_EQ(closed.elements["latencies"], OrderedJson::parse("[-1]"));
  EXPECT_FALSE(closed.found_anything);

  // A silent bound socket: no answer, no ICMP error, "maybe open".
  fd = BoundSocket(SOCK_DGRAM, &port);
  const ModuleResult silent = RunPing(Params("127.0.0.1", "udp", port, 1, 1));
  EXPECT_EQ(silent.elements["latencies"], OrderedJson::parse("[9999999]"));
  EXPECT_TRUE(silent.found_anything);
  close(fd);

  // An echo responder answers.
  fd = BoundSocket(SOCK_DGRAM, &port);
  std::thread echo([fd] {
    char buf[64];
    sockaddr_in from{};
    socklen_t len = sizeof from;
    const ssize_t n = recvfrom(fd, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
    if (n > 0) sendto(fd, buf, static_cast<size_t>(n), 0, reinterpret_cast<sockaddr*>(&from), len);
  });
  const ModuleResult answered = RunPing(Params("127.0.0.1", "udp", port, 1));
  echo.join();
  close(fd);
  ASSERT_EQ(answered.elements["latencies"].size(), 1u);
  const double ms = answered.elements["latencies"][0];
  EXPECT_GT(ms, 0);
  EXPECT_LT(ms, 9999999);
  EXPECT_TRUE(answered.found_anything);
}

TEST(PingIcmp, LoopbackV4AndV6) {
  if (!test::IsRoot()) GTEST_SKIP() << "raw ICMP sockets need root (CI runs as root)";
  for (const std::string dest : {"127.0.0.1", "::1"}) {
    const ModuleResult r = RunPing(Params(dest, "icmp", 0, 2));
    ASSERT_TRUE(r.success) << dest;
    EXPECT_TRUE(r.found_anything) << ModuleResultToString(r);
    ASSERT_EQ(r.elements["latencies"].size(), 2u);
    EXPECT_EQ(r.elements["resolvedhost"], dest + " (" + dest + ")");
  }
}

class PingNetns : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::IsRoot())
      GTEST_SKIP() << "needs root to create network namespaces (CI runs as root)";
    pair_ = std::make_unique<test::NetnsPair>();
    ASSERT_TRUE(pair_->ok()) << pair_->error();
  }
  // Runs the module inside namespace A and returns the result JSON.
  Json InA(const std::string& params) {
    const std::string out =
        test::RunInNetns(pair_->a(), [&] { return ModuleResultToString(RunPing(params)); });
    return Json::parse(out);
  }
  std::unique_ptr<test::NetnsPair> pair_;
};

TEST_F(PingNetns, IcmpAcrossTheVethPair) {
  for (const std::string dest : {"10.231.0.2", "fd00:231::2"}) {
    const Json r = InA(Params(dest, "icmp", 0, 2));
    EXPECT_TRUE(r["foundanything"]) << r.dump();
    for (const auto& l : r["elements"]["latencies"]) {
      EXPECT_GT(l.get<double>(), 0);
      EXPECT_LT(l.get<double>(), 9999999);
    }
  }
}

TEST_F(PingNetns, UnansweredProbesTimeOutAndClosedPortsRefuse) {
  // 10.231.0.77 does not exist: nothing answers before the 1 s timeout.
  const Json icmp = InA(Params("10.231.0.77", "icmp", 0, 1, 1));
  EXPECT_EQ(icmp["elements"]["latencies"], Json::parse("[9999999]")) << icmp.dump();
  EXPECT_FALSE(icmp["foundanything"]);
  const Json tcp = InA(Params("10.231.0.77", "tcp", 80, 1, 1));
  EXPECT_EQ(tcp["elements"]["latencies"], Json::parse("[9999999]")) << tcp.dump();
  EXPECT_FALSE(tcp["foundanything"]);
  // B's kernel resets a connection to a closed port.
  const Json closed = InA(Params("10.231.0.2", "tcp", 81, 1, 2));
  EXPECT_EQ(closed["elements"]["latencies"], Json::parse("[-1]")) << closed.dump();
}

TEST_F(PingNetns, UnprivilegedDatagramIcmp) {
  const std::string a = pair_->a();
  auto denied = test::RunInNetns(a, [] {
    const ProbeResult p = IcmpProbe("10.231.0.2", 1000, 0, false);
    return std::string(p.outcome == Outcome::kError ? "error: " + p.error : "not denied");
  });
  EXPECT_EQ(denied.rfind("error: icmp needs root or CAP_NET_RAW", 0), 0u) << denied;
  ASSERT_EQ(test::RunShell("ip netns exec " + a + " sysctl -qw net.ipv4.ping_group_range='0 0'")
                .exit_code,
            0);
  auto allowed = test::RunInNetns(a, [] {
    const ProbeResult p = IcmpProbe("10.231.0.2", 2000, 7, false);
    return std::string(p.outcome == Outcome::kAnswered ? "answered" : "failed: " + p.error);
  });
  EXPECT_EQ(allowed, "answered");
}

TEST(PingPrinter, LinesPerLatencyCode) {
  ModuleResult r;
  r.success = true;
  r.elements = OrderedJson::parse(
      R"x({"latencies":[-1,0,9999999,3.6],"protocol":"udp","resolvedhost":"h:53 (10.0.0.1)","failures":null})x");
  EXPECT_EQ(PrintPingResult(r, true), std::vector<std::string>{});
  r.found_anything = true;
  const std::vector<std::string> expected = {
      "udp ping of h:53 (10.0.0.1) succeeded. Target is reachable.",
      "ping #1 failed, target was unreachable", "ping #2 failed, reason unknown",
      "ping #3 may have succeeded (no udp response)", "ping #4 succeeded in 4ms"};
  EXPECT_EQ(PrintPingResult(r, false), expected);
  EXPECT_EQ(PrintPingResult(r, true), std::vector<std::string>{expected[0]});
  r.found_anything = false;
  r.elements["protocol"] = "tcp";
  EXPECT_EQ(PrintPingResult(r, false)[3], "ping #3 failed, connection timed out");
}

TEST(PingAgent, StandaloneRunAndCli) {
  int port = 0;
  const int fd = BoundSocket(SOCK_STREAM, &port);
  const std::string agent = mig::test::BinaryDir() + "/apps/mig-agent/mig-agent";
  const std::string mig = mig::test::BinaryDir() + "/apps/mig/mig";
  auto out = test::RunShell(
      "echo '{\"class\":\"parameters\",\"parameters\":{\"destination\":\"127.0.0.1\","
      "\"protocol\":\"tcp\",\"destinationport\":" +
      std::to_string(port) + ",\"count\":1}}' | " + agent + " -m ping");
  EXPECT_NE(out.output.find(R"("foundanything":true,"success":true)"), std::string::npos)
      << out.output;
  auto cli = test::RunShell(mig + " ping -t local -d 127.0.0.1 -p tcp -dp " + std::to_string(port) +
                            " -c 1 -t 2");
  close(fd);
  EXPECT_EQ(cli.exit_code, 0) << cli.output;
  EXPECT_NE(cli.output.find("tcp ping of 127.0.0.1:" + std::to_string(port) +
                            " (127.0.0.1) succeeded. Target is reachable."),
            std::string::npos)
      << cli.output;
  auto bad = test::RunShell(agent + " -m ping </dev/null");
  EXPECT_NE(bad.output.find(R"("success":false)"), std::string::npos) << bad.output;
}

}  // namespace
}  // namespace mig::modules::ping
