// [agent] discoverpublicip and refreshenv on real processes: what a mig-agent
// daemon learns about its host reaches the store through its heartbeats and
// the scheduler.
#include <httplib.h>

#include <chrono>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "agent/public_ip.h"
#include "stack.h"

namespace mig::test {
namespace {

// Answers GET /api/v1/ip with the address the test sets, like mig-api does.
class FakeIpApi {
 public:
  FakeIpApi() {
    server_.Get("/api/v1/ip", [this](const httplib::Request&, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      ++asked_;
      res.set_content(answer_, "text/plain");
    });
    // Bound before the thread starts: a request made at once waits in the backlog.
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~FakeIpApi() {
    for (int i = 0; i < 500 && !server_.is_running(); ++i)  // stop() before listen is lost
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    server_.stop();
    thread_.join();
  }
  std::string api() const { return "http://127.0.0.1:" + std::to_string(port_) + "/api/v1/"; }
  void Answer(std::string ip) {
    std::lock_guard<std::mutex> lock(mu_);
    answer_ = std::move(ip);
  }
  int asked() {
    std::lock_guard<std::mutex> lock(mu_);
    return asked_;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::string answer_;
  int asked_ = 0;
};

// The public IP the store holds for the online agent tagged which=<which>.
std::string StoredPublicIp(Stack& stack, const std::string& which) {
  store::AgentQuery q;
  q.status_like = "online";
  q.window.limit = 100;
  auto agents = stack.store().SearchAgents(q);
  if (!agents.ok()) return "(store: " + agents.error() + ")";
  for (const auto& a : *agents) {
    auto tag = a.tags.find("which");
    if (tag != a.tags.end() && tag->second == which) return a.environment.public_ip;
  }
  return "(no online agent)";
}

bool WaitForPublicIp(Stack& stack, const std::string& which, const std::string& ip, int seconds) {
  for (int i = 0; i < seconds * 10; ++i) {
    if (StoredPublicIp(stack, which) == ip) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

TEST(AgentEnvironment, PublicIpIsDiscoveredAndARefreshedEnvironmentReachesTheStore) {
  ASSERT_NE(SharedPlatform::Get().relay, nullptr);
  Stack stack("sqlite");
  FakeIpApi fake;
  fake.Answer("192.0.2.1");
  stack.StartScheduler();
  stack.StartRelayAuth();
  const std::string own_api =
      "http://127.0.0.1:" + std::to_string(stack.relay_auth_api_port()) + "/api/v1/";
  // mig-api answers the agents' question (and is up before they ask).
  Result<std::string> seen = Result<std::string>::Error("not asked");
  for (int i = 0; i < 100 && !seen.ok(); ++i) {
    seen = agent::DiscoverPublicIp(own_api);
    if (!seen.ok()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(seen.ok()) << seen.error();
  EXPECT_EQ(*seen, "127.0.0.1");
  // Agent "mig-api" asks the stack's own mig-api, which answers the address it
  // sees; agent "fake" asks a server whose answer the test changes.
  stack.StartAgent("which:mig-api", "    discoverpublicip = on\n    api = \"" + own_api +
                                        "\"\n    refreshenv = 0s\n");
  const auto fake_started = std::chrono::steady_clock::now();
  stack.StartAgent("which:fake", "    discoverpublicip = on\n    api = \"" + fake.api() +
                                     "\"\n    refreshenv = 2s\n");
  ASSERT_TRUE(stack.WaitForAgents(2)) << stack.Logs();
  EXPECT_TRUE(WaitForPublicIp(stack, "mig-api", "127.0.0.1", 20))
      << StoredPublicIp(stack, "mig-api") << "\n"
      << stack.Logs();
  ASSERT_TRUE(WaitForPublicIp(stack, "fake", "192.0.2.1", 20))
      << StoredPublicIp(stack, "fake") << "\n"
      << stack.Logs();

  // The scheduler takes a new environment only when its refresh time is more
  // than 15 s newer than the one it holds (MIG's rule): change the answer
  // after that, then the agent's next refresh must bring it to the store.
  std::this_thread::sleep_until(fake_started + std::chrono::seconds(17));
  const int asked_before = fake.asked();
  fake.Answer("192.0.2.2");
  EXPECT_TRUE(WaitForPublicIp(stack, "fake", "192.0.2.2", 20))
      << StoredPublicIp(stack, "fake") << "\n"
      << stack.Logs();
  EXPECT_GT(fake.asked(), asked_before);  // detected again, not once
}

}  // namespace
}  // namespace mig::test
