// firewall against real kernel state (root only): two network namespaces
// joined by a veth pair (A 10.231.0.1 / fd00:231::1 is the endpoint the
// module changes, B 10.231.0.2 / fd00:231::2 its peer). Traffic is real TCP
// connects to listeners; every module run is its own process, so what stays
// in place stays because the kernel holds it.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "modules/registry.h"
#include "modules/result_json.h"
#include "netns.h"
#include "test_env.h"

namespace mig {
namespace {

using test::RunInNetns;
using test::RunShell;

constexpr const char* kA4 = "10.231.0.1";
constexpr const char* kB4 = "10.231.0.2";
constexpr const char* kA6 = "fd00:231::1";
constexpr const char* kB6 = "fd00:231::2";

// ip:port as a socket address (IPv6 when ip has a colon); its length.
socklen_t SocketAddress(const std::string& ip, int port, sockaddr_storage& ss) {
  if (ip.find(':') != std::string::npos) {
    auto* sa = reinterpret_cast<sockaddr_in6*>(&ss);
    sa->sin6_family = AF_INET6;
    sa->sin6_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET6, ip.c_str(), &sa->sin6_addr);
    return sizeof *sa;
  }
  auto* sa = reinterpret_cast<sockaddr_in*>(&ss);
  sa->sin_family = AF_INET;
  sa->sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, ip.c_str(), &sa->sin_addr);
  return sizeof *sa;
}

// A listening TCP socket created inside ns (a socket belongs to the
// namespace it was made in); the kernel completes handshakes without accept.
class Listener {
 public:
  Listener(const std::string& ns, const std::string& ip, int port) {
    std::thread([&] {
      const int nsfd = open(("/run/netns/" + ns).c_str(), O_RDONLY | O_CLOEXEC);
      if (nsfd < 0 || setns(nsfd, CLONE_NEWNET) != 0) return;
      close(nsfd);
      const bool v6 = ip.find(':') != std::string::npos;
      fd_ = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      sockaddr_storage ss{};
      const socklen_t len = SocketAddress(ip, port, ss);
      const int one = 1;
      setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
      if (bind(fd_, reinterpret_cast<sockaddr*>(&ss), len) != 0 || listen(fd_, 128) != 0) {
        close(fd_);
        fd_ = -1;
      }
    }).join();
  }
  ~Listener() {
    if (fd_ >= 0) close(fd_);
  }
  bool ok() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

// Whether a TCP connect from ns to ip:port completes within 700 ms.
bool Connects(const std::string& ns, const std::string& ip, int port) {
  const std::string out = RunInNetns(ns, [&]() -> std::string {
    const bool v6 = ip.find(':') != std::string::npos;
    const int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    sockaddr_storage ss{};
    const socklen_t len = SocketAddress(ip, port, ss);
    connect(fd, reinterpret_cast<sockaddr*>(&ss), len);
    pollfd p{fd, POLLOUT, 0};
    int err = -1;
    if (poll(&p, 1, 700) == 1) {
      socklen_t l = sizeof err;
      getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &l);
    }
    close(fd);
    return err == 0 ? "connected" : "failed";
  });
  return out == "connected";
}

// One module run in its own process inside ns; the result document.
Json RunFirewall(const std::string& ns, const Json& params) {
  const std::string out = RunInNetns(ns, [&] {
    auto m = modules::CreateModule("firewall");
    return modules::ModuleResultToString(m->Run(params));
  });
  Json j = Json::parse(out, nullptr, false);
  if (j.is_discarded()) ADD_FAILURE() << "not a result: " << out;
  return j.is_discarded() ? Json::object() : j;
}

std::string Ruleset(const std::string& ns) {
  return RunShell("ip netns exec " + ns + " nft list ruleset").output;
}

// The ruleset without table inet mig: what belongs to everyone else.
std::string RulesetWithoutMig(const std::string& ns) {
  const std::string all = Ruleset(ns);
  const size_t start = all.find("table inet mig {\n");
  if (start == std::string::npos) return all;
  const size_t end = all.find("\n}\n", start);
  return all.substr(0, start) + all.substr(end == std::string::npos ? all.size() : end + 3);
}

void Sleep(int ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

class FirewallLive : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::IsRoot()) GTEST_SKIP() << "needs root for network namespaces (CI runs as root)";
    if (RunShell("command -v nft").exit_code != 0) GTEST_SKIP() << "no nft (scripts/bootstrap)";
    pair_ = std::make_unique<test::NetnsPair>();
    ASSERT_TRUE(pair_->ok()) << pair_->error();
    a_ = pair_->a();
    b_ = pair_->b();
    // An administrator's own rules in A, which the module must never touch.
    const auto out = RunShell("ip netns exec " + a_ + " nft -f - <<'EOF'\n" +
                              "table inet admin {\n"
                              "  set friends { type ipv4_addr; elements = { 192.0.2.1 } }\n"
                              "  chain in { type filter hook input priority 0; policy accept;\n"
                              "    ip saddr @friends accept\n"
                              "    tcp dport 9999 drop\n  }\n}\n"
                              "table ip admin_nat {\n"
                              "  chain post { type nat hook postrouting priority 100; }\n}\n" +
                              "EOF\n");
    ASSERT_EQ(out.exit_code, 0) << out.output;
    others_ = RulesetWithoutMig(a_);
    ASSERT_NE(others_.find("table inet admin"), std::string::npos) << others_;
  }
  void TearDown() override {
    if (!pair_) return;
    // Whatever else the module did, the administrator's rules are as they were.
    EXPECT_EQ(RulesetWithoutMig(a_), others_);
  }

  std::unique_ptr<test::NetnsPair> pair_;
  std::string a_, b_, others_;
};

TEST_F(FirewallLive, BlockDropsUntilTheTtlRunsOutOrUnblock) {
  Listener on_b(b_, kB4, 8080), on_a(a_, kA4, 8081);
  ASSERT_TRUE(on_b.ok() && on_a.ok());
  ASSERT_TRUE(Connects(a_, kB4, 8080));
  ASSERT_TRUE(Connects(b_, kA4, 8081));

  Json r = RunFirewall(a_, {{"operation", "block"}, {"address", kB4}, {"ttl", "2s"}});
  ASSERT_EQ(r["success"], true) << r.dump();
  EXPECT_EQ(r["elements"]["changed"], true);
  EXPECT_FALSE(Connects(a_, kB4, 8080)) << "outbound still passes";
  EXPECT_FALSE(Connects(b_, kA4, 8081)) << "inbound still passes";
  Sleep(2600);  // the kernel removes the elements: no agent, no module runs
  EXPECT_TRUE(Connects(a_, kB4, 8080)) << Ruleset(a_);
  EXPECT_TRUE(Connects(b_, kA4, 8081));

  // "in" drops every packet from the network: connections from it, and the
  // answers to connections this host opens to it.
  r = RunFirewall(a_, {{"operation", "block"}, {"address", "10.231.0.0/24"}, {"direction", "in"}});
  ASSERT_EQ(r["success"], true) << r.dump();
  EXPECT_FALSE(Connects(b_, kA4, 8081));
  EXPECT_FALSE(Connects(a_, kB4, 8080));
  // With a port, only packets to that local port.
  r = RunFirewall(a_, {{"operation", "block"},
                       {"address", "10.231.0.0/24"},
                       {"direction", "in"},
                       {"port", 8081},
                       {"protocol", "tcp"}});
  ASSERT_EQ(r["success"], true) << r.dump();
  r = RunFirewall(a_, {{"operation", "unblock"}, {"address", "10.231.0.0/24"}});
  ASSERT_EQ(r["success"], true) << r.dump();
  ASSERT_EQ(r["elements"]["commands"].size(), 2u) << r.dump();
  EXPECT_TRUE(Connects(b_, kA4, 8081));
  EXPECT_TRUE(Connects(a_, kB4, 8080));
  r = RunFirewall(a_, {{"operation", "block"},
                       {"address", "10.231.0.0/24"},
                       {"direction", "in"},
                       {"port", 8081},
                       {"protocol", "tcp"}});
  ASSERT_EQ(r["success"], true) << r.dump();
  EXPECT_FALSE(Connects(b_, kA4, 8081));
  EXPECT_TRUE(Connects(a_, kB4, 8080)) << "a block of local port 8081 stopped other traffic";
  r = RunFirewall(a_, {{"operation", "unblock"}, {"address", "10.231.0.0/24"}});
  ASSERT_EQ(r["elements"]["commands"].size(), 1u) << r.dump();
  EXPECT_TRUE(Connects(b_, kA4, 8081));
  // Nothing left to unblock: success, no command.
  r = RunFirewall(a_, {{"operation", "unblock"}, {"address", "10.231.0.0/24"}});
  EXPECT_EQ(r["success"], true);
  EXPECT_EQ(r["elements"]["commands"].size(), 0u);
}

TEST_F(FirewallLive, PortAndIpv6Blocks) {
  Listener b8080(b_, kB4, 8080), b8090(b_, kB4, 8090), a6(a_, kA6, 8081);
  ASSERT_TRUE(b8080.ok() && b8090.ok() && a6.ok());
  ASSERT_TRUE(Connects(b_, kA6, 8081));
  Json r = RunFirewall(a_, {{"operation", "block"},
                            {"address", kB4},
                            {"direction", "out"},
                            {"port", 8080},
                            {"protocol", "tcp"}});
  ASSERT_EQ(r["success"], true) << r.dump();
  EXPECT_FALSE(Connects(a_, kB4, 8080));
  EXPECT_TRUE(Connects(a_, kB4, 8090)) << "a port block dropped another port";
  r = RunFirewall(a_, {{"operation", "block"}, {"address", "fd00:231::/64"}, {"direction", "in"}});
  ASSERT_EQ(r["success"], true) << r.dump();
  EXPECT_FALSE(Connects(b_, kA6, 8081));
  // Blocking again replaces the element (new ttl), it does not fail.
  r = RunFirewall(
      a_,
      {{"operation", "block"}, {"address", "fd00:231::/64"}, {"direction", "in"}, {"ttl", "2h"}});
  ASSERT_EQ(r["success"], true) << r.dump();
  const Json list = RunFirewall(a_, {{"operation", "list"}});
  ASSERT_EQ(list["elements"]["state"]["blocks"].size(), 2u) << list.dump();
  for (const auto& b : list["elements"]["state"]["blocks"]) {
    if (b["address"] == "fd00:231::/64") {
      EXPECT_EQ(b["ttl"], 7200) << b.dump();
    }
  }
  r = RunFirewall(a_, {{"operation", "unblock"}, {"address", "fd00:231::/64"}});
  EXPECT_TRUE(Connects(b_, kA6, 8081));
  r = RunFirewall(a_, {{"operation", "unblock"}, {"address", kB4}});
  EXPECT_TRUE(Connects(a_, kB4, 8080));
}

TEST_F(FirewallLive, IsolationKeepsTheRelayAndNothingElse) {
  Listener relay(b_, kB4, 5671), other(b_, kB4, 8080), on_a(a_, kA4, 8081),
      loop(a_, "127.0.0.1", 9000), other6(b_, kB6, 8080);
  ASSERT_TRUE(relay.ok() && other.ok() && on_a.ok() && loop.ok() && other6.ok());
  Json r = RunFirewall(
      a_, {{"operation", "isolate"}, {"keep", Json::array({std::string(kB4) + ":5671"})}});
  ASSERT_EQ(r["success"], true) << r.dump();
  EXPECT_TRUE(Connects(a_, kB4, 5671)) << "the relay is cut off\n" << Ruleset(a_);
  EXPECT_FALSE(Connects(a_, kB4, 8080));
  EXPECT_FALSE(Connects(a_, kB6, 8080));
  EXPECT_FALSE(Connects(b_, kA4, 8081)) << "the host is reachable while isolated";
  EXPECT_TRUE(Connects(a_, "127.0.0.1", 9000)) << "loopback is cut";
  const Json list = RunFirewall(a_, {{"operation", "list"}});
  EXPECT_EQ(list["elements"]["state"]["isolation"]["active"], true) << list.dump();
  EXPECT_EQ(list["elements"]["state"]["isolation"]["keep"][0], "10.231.0.2:5671");

  r = RunFirewall(a_, {{"operation", "release"}});
  ASSERT_EQ(r["success"], true) << r.dump();
  EXPECT_TRUE(Connects(a_, kB4, 8080));
  EXPECT_TRUE(Connects(b_, kA4, 8081));

  // Without a release, the kernel ends it when the ttl runs out.
  r = RunFirewall(a_, {{"operation", "isolate"}, {"ttl", "2s"}});
  ASSERT_EQ(r["success"], true) << r.dump();
  EXPECT_FALSE(Connects(a_, kB4, 5671));
  Sleep(2600);
  EXPECT_TRUE(Connects(a_, kB4, 8080)) << Ruleset(a_);
  EXPECT_TRUE(Connects(b_, kA4, 8081));
}

TEST_F(FirewallLive, DryRunReportsAndChangesNothing) {
  ASSERT_EQ(RunFirewall(a_, {{"operation", "block"}, {"address", "192.0.2.0/24"}})["success"],
            true);
  ASSERT_EQ(RunFirewall(a_, {{"operation", "isolate"}})["success"], true);
  const std::string before = Ruleset(a_);
  for (const Json& params :
       {Json{{"operation", "block"}, {"address", "198.51.100.7"}, {"dryrun", true}},
        Json{{"operation", "unblock"}, {"address", "192.0.2.0/24"}, {"dryrun", true}},
        Json{{"operation", "isolate"}, {"dryrun", true}},
        Json{{"operation", "release"}, {"dryrun", true}}}) {
    const Json r = RunFirewall(a_, params);
    EXPECT_EQ(r["success"], true) << r.dump();
    EXPECT_EQ(r["elements"]["dryrun"], true);
    EXPECT_EQ(r["elements"]["changed"], false);
    EXPECT_FALSE(r["elements"]["commands"].empty()) << params.dump() << " -> " << r.dump();
  }
  // Expiry times count down: compare without them.
  auto strip = [](std::string s) {
    for (size_t p; (p = s.find(" expires ")) != std::string::npos;) {
      const size_t end = s.find_first_of(",}\n", p + 1);
      s.erase(p, end - p);
    }
    return s;
  };
  EXPECT_EQ(strip(Ruleset(a_)), strip(before));
}

TEST_F(FirewallLive, BadInputIsAClearErrorAndChangesNothing) {
  const std::string before = Ruleset(a_);
  const Json bad[] = {
      {{"operation", "explode"}},
      {{"operation", "block"}, {"address", "10.0.0.300"}},
      {{"operation", "block"}, {"address", "10.0.0.0/33"}},
      {{"operation", "block"}, {"address", kB4}, {"ttl", "0s"}},
      {{"operation", "block"}, {"address", kB4}, {"ttl", "8760h"}},
      {{"operation", "block"}, {"address", kB4}, {"port", 0}, {"protocol", "tcp"}},
      {{"operation", "block"}, {"address", kB4}, {"port", 70000}, {"protocol", "tcp"}},
      {{"operation", "block"}, {"address", kB4}, {"port", 22}, {"protocol", "icmp"}},
      {{"operation", "block"}, {"address", "1.2.3.4; flush ruleset"}},
      {{"operation", "block"}, {"address", "1.2.3.4 }; flush ruleset; add element inet mig x {"}},
      {{"operation", "block"}, {"address", kB4}, {"direction", "in; flush ruleset"}},
      {{"operation", "block"}, {"address", kB4}, {"ttl", "1h }; flush ruleset"}},
      {{"operation", "block"}, {"address", kB4}, {"port", 22}, {"protocol", "tcp . 1; flush"}},
      {{"operation", "isolate"}, {"keep", Json::array({"10.0.0.1:1 . tcp . 1; flush ruleset"})}},
      {{"operation", "list; flush ruleset"}},
  };
  for (const Json& params : bad) {
    const Json r = RunFirewall(a_, params);
    EXPECT_EQ(r["success"], false) << params.dump() << " -> " << r.dump();
    ASSERT_TRUE(r["errors"].is_array()) << params.dump() << " -> " << r.dump();
    EXPECT_FALSE(r["errors"][0].get<std::string>().empty());
  }
  EXPECT_EQ(Ruleset(a_), before) << "bad input changed the ruleset";
}

TEST_F(FirewallLive, OverlappingBlockFailsWholeAndSaysWhy) {
  ASSERT_EQ(RunFirewall(a_, {{"operation", "block"}, {"address", "10.0.0.0/16"}})["success"], true);
  const std::string before = Ruleset(a_);
  const Json r = RunFirewall(a_, {{"operation", "block"}, {"address", "10.0.1.0/24"}});
  EXPECT_EQ(r["success"], false) << r.dump();
  EXPECT_NE(r["errors"][0].get<std::string>().find("nothing changed"), std::string::npos)
      << r.dump();
  EXPECT_NE(r["errors"][0].get<std::string>().find("overlaps"), std::string::npos) << r.dump();
  auto strip = [](std::string s) {
    for (size_t p; (p = s.find(" expires ")) != std::string::npos;)
      s.erase(p, s.find_first_of(",}\n", p + 1) - p);
    return s;
  };
  EXPECT_EQ(strip(Ruleset(a_)), strip(before));
}

// The real sandboxed child, as the agent launches it: uid nobody, only
// CAP_NET_ADMIN, seccomp allowing NETLINK_NETFILTER sockets alone.
TEST_F(FirewallLive, RunsInTheSandboxedChild) {
  Listener on_b(b_, kB4, 8080);
  ASSERT_TRUE(on_b.ok());
  auto run = [&](const std::string& params) {
    return RunShell("echo '{\"class\":\"parameters\",\"parameters\":" + params +
                    "}' | ip netns exec " + a_ + " " + MIG_AGENT_BIN +
                    " -m firewall --sandbox uid=65534,gid=65534,memory=1024,cpu=30,files=64");
  };
  auto out = run(R"({"operation":"block","address":"10.231.0.2","direction":"out","ttl":"1h"})");
  ASSERT_EQ(out.exit_code, 0) << out.output;
  Json r = Json::parse(out.output, nullptr, false);
  ASSERT_FALSE(r.is_discarded()) << out.output;
  EXPECT_EQ(r["success"], true) << out.output;
  EXPECT_FALSE(Connects(a_, kB4, 8080));
  out = run(R"({"operation":"list"})");
  EXPECT_NE(out.output.find(R"("address":"10.231.0.2","direction":"out")"), std::string::npos)
      << out.output;
  out = run(R"({"operation":"unblock","address":"10.231.0.2"})");
  EXPECT_NE(out.output.find(R"("success":true)"), std::string::npos) << out.output;
  EXPECT_TRUE(Connects(a_, kB4, 8080));
}

}  // namespace
}  // namespace mig
