// netstat against real kernel state: two network namespaces joined by a
// veth pair, static and learnt neighbours, real sockets. Needs root.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>

#include <gtest/gtest.h>

#include "modules/registry.h"
#include "modules/result_json.h"
#include "netns.h"
#include "test_env.h"

namespace mig {
namespace {

using test::RunShell;

Json RunNetstat(const std::string& params) {
  auto m = modules::CreateModule("netstat");
  return Json::parse(modules::ModuleResultToString(m->Run(Json::parse(params))));
}

// (remoteaddr, remotemacaddr) pairs of one value's elements.
std::set<std::pair<std::string, std::string>> Neighbours(const Json& list) {
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& e : list)
    out.insert({e.value("remoteaddr", ""), e.value("remotemacaddr", "")});
  return out;
}

class NetstatLive : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::IsRoot())
      GTEST_SKIP() << "needs root to create network namespaces (CI runs as root)";
    pair_ = std::make_unique<test::NetnsPair>();
    ASSERT_TRUE(pair_->ok()) << pair_->error();
    const std::string a = pair_->a();
    auto out =
        RunShell("set -e; ip -n " + a +
                 " neigh add 10.231.0.9 lladdr 02:aa:bb:cc:dd:09 dev va nud permanent; ip -n " + a +
                 " neigh add fd00:231::9 lladdr 02:aa:bb:cc:dd:19 dev va nud permanent");
    ASSERT_EQ(out.exit_code, 0) << out.output;
    // A datagram to B makes A learn B's MAC by ARP (no ping binary needed).
    test::RunInNetns(a, [] {
      const int fd = socket(AF_INET, SOCK_DGRAM, 0);
      sockaddr_in sa{};
      sa.sin_family = AF_INET;
      sa.sin_port = htons(9);
      inet_pton(AF_INET, "10.231.0.2", &sa.sin_addr);
      sendto(fd, "x", 1, 0, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
      close(fd);
      return std::string();
    });
    for (int i = 0; i < 50; ++i) {
      if (RunShell("ip -n " + a + " neigh show 10.231.0.2 | grep -q lladdr").exit_code == 0) return;
      usleep(100 * 1000);
    }
    FAIL() << "namespace A never learnt B's MAC";
  }
  std::string InA(const std::string& params) {
    return test::RunInNetns(pair_->a(), [&] { return RunNetstat(params).dump(); });
  }
  std::unique_ptr<test::NetnsPair> pair_;
};

TEST_F(NetstatLive, FindsExactlyTheLocalMacAndAddresses) {
  const Json r = Json::parse(InA(R"({"localmac":["^02:AA:BB:cc:dd:01$","^ff"],
      "localip":["10.231.0.0/24","fd00:231::1","::1","10.231.0.2","127.0.0.0/8"]})"));
  ASSERT_TRUE(r["success"]) << r.dump();
  EXPECT_TRUE(r["foundanything"]);
  const Json& mac = r["elements"]["localmac"];
  EXPECT_EQ(mac["^02:AA:BB:cc:dd:01$"], Json::parse(R"([{"localmacaddr":"02:aa:bb:cc:dd:01"}])"));
  EXPECT_TRUE(mac["^ff"].is_null());
  const Json& ip = r["elements"]["localip"];
  EXPECT_EQ(ip["10.231.0.0/24"], Json::parse(R"([{"localaddr":"10.231.0.1"}])"));
  EXPECT_EQ(ip["fd00:231::1"], Json::parse(R"([{"localaddr":"fd00:231::1"}])"));
  EXPECT_EQ(ip["::1"], Json::parse(R"([{"localaddr":"::1"}])"));
  EXPECT_EQ(ip["127.0.0.0/8"], Json::parse(R"([{"localaddr":"127.0.0.1"}])"));
  EXPECT_TRUE(ip["10.231.0.2"].is_null());
  EXPECT_EQ(r["statistics"]["totalhits"], 5);
  EXPECT_TRUE(r["errors"].is_null());
}

TEST_F(NetstatLive, FindsStaticAndLearntNeighboursArpAndNdp) {
  const Json r = Json::parse(InA(R"({"neighbormac":["^02:aa:bb:cc:dd:0[29]$","dd:19$","^02:AA"],
      "neighborip":["10.231.0.0/24","fd00:231::/64","10.231.0.2","10.231.0.3"]})"));
  ASSERT_TRUE(r["success"]) << r.dump();
  const Json& mac = r["elements"]["neighbormac"];
  using P = std::set<std::pair<std::string, std::string>>;
  EXPECT_EQ(Neighbours(mac["^02:aa:bb:cc:dd:0[29]$"]),
            (P{{"10.231.0.2", "02:aa:bb:cc:dd:02"}, {"10.231.0.9", "02:aa:bb:cc:dd:09"}}));
  EXPECT_EQ(Neighbours(mac["dd:19$"]), (P{{"fd00:231::9", "02:aa:bb:cc:dd:19"}}));
  EXPECT_TRUE(mac["^02:AA"].is_null()) << "neighbour MACs are matched case-sensitively";
  EXPECT_EQ(mac["dd:19$"][0]["namespace"], "default");
  const Json& ip = r["elements"]["neighborip"];
  EXPECT_EQ(Neighbours(ip["10.231.0.0/24"]),
            (P{{"10.231.0.2", "02:aa:bb:cc:dd:02"}, {"10.231.0.9", "02:aa:bb:cc:dd:09"}}));
  EXPECT_EQ(Neighbours(ip["fd00:231::/64"]), (P{{"fd00:231::9", "02:aa:bb:cc:dd:19"}}));
  EXPECT_EQ(Neighbours(ip["10.231.0.2"]), (P{{"10.231.0.2", "02:aa:bb:cc:dd:02"}}));
  EXPECT_TRUE(ip["10.231.0.3"].is_null());
}

int Listen(int family, const char* addr, int port, int type) {
  const int fd = socket(family, type, 0);
  if (family == AF_INET) {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, addr, &sa.sin_addr);
    if (bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) return -1;
  } else {
    sockaddr_in6 sa{};
    sa.sin6_family = AF_INET6;
    sa.sin6_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET6, addr, &sa.sin6_addr);
    if (bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) return -1;
  }
  if (type == SOCK_STREAM) listen(fd, 4);
  return fd;
}

int Connect(const char* addr, int port, int type) {
  const int fd = socket(AF_INET, type, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, addr, &sa.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) return -1;
  return fd;
}

int LocalPort(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  return ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
}

TEST_F(NetstatLive, FindsConnectionsAndOnlyRealListeners) {
  const std::string out = test::RunInNetns(pair_->a(), [] {
    const int l4 = Listen(AF_INET, "10.231.0.1", 5001, SOCK_STREAM);
    const int l6 = Listen(AF_INET6, "::", 5002, SOCK_STREAM);  // dual stack
    const int u = Listen(AF_INET, "0.0.0.0", 5003, SOCK_DGRAM);
    const int c4 = Connect("10.231.0.1", 5001, SOCK_STREAM);
    const int c6 = Connect("127.0.0.1", 5002, SOCK_STREAM);
    const int cu = Connect("10.231.0.2", 5004, SOCK_DGRAM);
    if (l4 < 0 || l6 < 0 || u < 0 || c4 < 0 || c6 < 0 || cu < 0)
      return std::string("ERROR: sockets");
    const int a4 = accept(l4, nullptr, nullptr);
    const int a6 = accept(l6, nullptr, nullptr);
    const std::string cport = std::to_string(LocalPort(c4));
    Json r = RunNetstat(
        R"({"connectedip":["10.231.0.1","127.0.0.1","10.231.0.2/32","fd00:231::/64"],
            "listeningport":["5001","5002","5003",")" +
        cport + R"("]})");
    r["cport"] = LocalPort(c4);
    r["c6port"] = LocalPort(c6);
    r["cuport"] = LocalPort(cu);
    for (int fd : {l4, l6, u, c4, c6, cu, a4, a6})
      close(fd);
    return r.dump();
  });
  ASSERT_EQ(out.rfind("ERROR", 0), std::string::npos) << out;
  const Json r = Json::parse(out);
  ASSERT_TRUE(r["success"]) << r.dump();
  const int cport = r["cport"], c6port = r["c6port"], cuport = r["cuport"];
  const Json& ci = r["elements"]["connectedip"];
  auto tuple = [](const std::string& la, int lp, const std::string& ra, int rp) {
    return Json{{"localaddr", la},
                {"localport", lp},
                {"remoteaddr", ra},
                {"remoteport", rp},
                {"namespace", "default"}};
  };
  auto as_set = [](const Json& list) {
    std::set<std::string> s;
    for (const auto& e : list)
      s.insert(e.dump());
    return s;
  };
  EXPECT_EQ(as_set(ci["10.231.0.1"]),
            (std::set<std::string>{tuple("10.231.0.1", cport, "10.231.0.1", 5001).dump(),
                                   tuple("10.231.0.1", 5001, "10.231.0.1", cport).dump()}));
  // The accepted side of the dual-stack listener has an IPv4-mapped peer.
  EXPECT_EQ(as_set(ci["127.0.0.1"]),
            (std::set<std::string>{tuple("127.0.0.1", c6port, "127.0.0.1", 5002).dump(),
                                   tuple("127.0.0.1", 5002, "127.0.0.1", c6port).dump()}));
  EXPECT_EQ(as_set(ci["10.231.0.2/32"]),
            (std::set<std::string>{tuple("10.231.0.1", cuport, "10.231.0.2", 5004).dump()}));
  EXPECT_TRUE(ci["fd00:231::/64"].is_null());

  const Json& lp = r["elements"]["listeningport"];
  EXPECT_EQ(lp["5001"],
            Json::parse(R"([{"localaddr":"10.231.0.1","localport":5001,"namespace":"default"}])"))
      << "the accepted connection on port 5001 is not a listener";
  EXPECT_EQ(lp["5002"],
            Json::parse(R"([{"localaddr":"::","localport":5002,"namespace":"default"}])"));
  EXPECT_EQ(lp["5003"],
            Json::parse(R"([{"localaddr":"0.0.0.0","localport":5003,"namespace":"default"}])"));
  EXPECT_TRUE(lp[std::to_string(cport)].is_null()) << "a client socket's port is not listening";
  EXPECT_EQ(r["statistics"]["totalhits"], 2 + 2 + 1 + 3);
  EXPECT_TRUE(r["foundanything"]);
}

TEST_F(NetstatLive, NamespaceModeSearchesOtherNamespaces) {
  // A process living in namespace A makes it visible through /proc.
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    execlp("ip", "ip", "netns", "exec", pair_->a().c_str(), "sleep", "30", nullptr);
    _exit(127);
  }
  struct stat st {};
  ASSERT_EQ(stat(("/run/netns/" + pair_->a()).c_str(), &st), 0);
  const std::string ns = "net:[" + std::to_string(st.st_ino) + "]";
  // Other tests running in parallel build namespaces with the same neighbours;
  // their findings are genuine, so only the elements of our namespace are compared.
  const auto in_ours = [&ns](const Json& list) {
    Json out = Json::array();
    if (!list.is_array()) return out;
    for (const auto& e : list)
      if (e.value("namespace", "") == ns) out.push_back(e);
    return out;
  };
  Json r;
  for (int i = 0; i < 100; ++i) {  // wait for exec to enter the namespace
    r = RunNetstat(R"({"neighbormac":["^02:aa:bb:cc:dd:09$","dd:19$"],"namespaces":true})");
    if (!in_ours(r["elements"]["neighbormac"]["dd:19$"]).empty()) break;
    usleep(100 * 1000);
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  ASSERT_TRUE(r["success"]) << r.dump();
  EXPECT_TRUE(r["foundanything"]) << r.dump();
  EXPECT_EQ(in_ours(r["elements"]["neighbormac"]["^02:aa:bb:cc:dd:09$"]),
            Json::parse(
                R"([{"remotemacaddr":"02:aa:bb:cc:dd:09","remoteaddr":"10.231.0.9","namespace":")" +
                ns + R"("}])"))
      << r.dump();
  EXPECT_EQ(
      in_ours(r["elements"]["neighbormac"]["dd:19$"]),
      Json::parse(
          R"([{"remotemacaddr":"02:aa:bb:cc:dd:19","remoteaddr":"fd00:231::9","namespace":")" + ns +
          R"("}])"))
      << r.dump();
  // Without namespace mode the default namespace has no such neighbour.
  const Json d = RunNetstat(R"({"neighbormac":["^02:aa:bb:cc:dd:09$"]})");
  EXPECT_TRUE(d["elements"]["neighbormac"]["^02:aa:bb:cc:dd:09$"].is_null());
}

TEST(NetstatAgent, StandaloneRunAndCli) {
  const std::string agent = mig::test::BinaryDir() + "/apps/mig-agent/mig-agent";
  const std::string mig = mig::test::BinaryDir() + "/apps/mig/mig";
  auto bad =
      RunShell("echo '{\"class\":\"parameters\",\"parameters\":{\"listeningport\":[\"x\"]}}' | " +
               agent + " -m netstat");
  EXPECT_EQ(bad.exit_code, 0);
  EXPECT_EQ(
      bad.output,
      R"({"foundanything":false,"success":false,"elements":null,"statistics":null,"errors":["x is not a valid port"]})");
  auto good =
      RunShell("echo '{\"class\":\"parameters\",\"parameters\":{\"localip\":[\"127.0.0.1\"]}}' | " +
               agent + " -m netstat");
  EXPECT_NE(good.output.find(R"("localip":{"127.0.0.1":[{"localaddr":"127.0.0.1"}]})"),
            std::string::npos)
      << good.output;
  auto cli = RunShell(mig + " netstat -t local -li 127.0.0.1 2>&1");
  EXPECT_EQ(cli.exit_code, 0) << cli.output;
  EXPECT_NE(cli.output.find("found local ip 127.0.0.1 for netstat localip:'127.0.0.1'"),
            std::string::npos)
      << cli.output;
  auto help = RunShell(mig + " netstat help");
  EXPECT_NE(help.output.find("examples:"), std::string::npos);
}

}  // namespace
}  // namespace mig
