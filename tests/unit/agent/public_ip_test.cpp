// [agent] discoverpublicip: the agent's GET <api>/ip against a tiny local
// HTTP server standing in for the API.
#include "agent/public_ip.h"

#include <httplib.h>

#include <chrono>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "test_env.h"

namespace mig::agent {
namespace {

// Answers GET <prefix>/ip with whatever the test sets; records the paths asked.
class FakeApi {
 public:
  FakeApi() {
    server_.Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      paths_.push_back(req.path);
      if (delay_.count() > 0) std::this_thread::sleep_for(delay_);
      res.status = status_;
      res.set_content(answer_, "text/plain");
    });
    // Bound before the thread starts: a request made at once waits in the backlog.
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~FakeApi() {
    for (int i = 0; i < 500 && !server_.is_running(); ++i)  // stop() before listen is lost
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    server_.stop();
    thread_.join();
  }
  std::string api() const { return "http://127.0.0.1:" + std::to_string(port_) + "/api/v1/"; }
  void Answer(int status, std::string body, std::chrono::milliseconds delay = {}) {
    std::lock_guard<std::mutex> lock(mu_);
    status_ = status;
    answer_ = std::move(body);
    delay_ = delay;
  }
  std::vector<std::string> paths() {
    std::lock_guard<std::mutex> lock(mu_);
    return paths_;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  int status_ = 200;
  std::string answer_;
  std::chrono::milliseconds delay_{0};
  std::vector<std::string> paths_;
};

TEST(PublicIp, UrlIsTheApiBaseThenIp) {
  EXPECT_EQ(PublicIpUrl("https://mig.example.net/api/v1/"), "https://mig.example.net/api/v1/ip");
  EXPECT_EQ(PublicIpUrl("http://127.0.0.1:1664/api/v1"), "http://127.0.0.1:1664/api/v1/ip");
  EXPECT_EQ(PublicIpUrl("http://h//"), "http://h/ip");
}

TEST(PublicIp, TheApiAnswerBecomesTheAddress) {
  FakeApi api;
  api.Answer(200, "203.0.113.7\n");
  auto ip = DiscoverPublicIp(api.api());
  ASSERT_TRUE(ip.ok()) << ip.error();
  EXPECT_EQ(*ip, "203.0.113.7");
  EXPECT_EQ(api.paths(), std::vector<std::string>{"/api/v1/ip"});  // not MIG's //ip
  api.Answer(200, "2001:DB8:0:0::1");
  ip = DiscoverPublicIp(api.api());
  ASSERT_TRUE(ip.ok()) << ip.error();
  EXPECT_EQ(*ip, "2001:db8::1");
}

TEST(PublicIp, FailuresSayWhatWentWrong) {
  FakeApi api;
  const std::string url = "GET " + api.api() + "ip: ";
  struct Case {
    int status;
    std::string body;
    std::string expect;
  } cases[] = {
      {200, "<html>hello</html>", "the answer is not an IP address: \"<html>hello</html>\""},
      {200, "", "the answer is not an IP address: \"\""},
      {200, "1.2.3.4 5.6.7.8", "not an IP address"},
      {200, std::string(5000, '1'), "the answer is longer than an address"},
      {404, "no such route", "HTTP 404: no such route"},
  };
  for (const auto& tc : cases) {
    api.Answer(tc.status, tc.body);
    auto ip = DiscoverPublicIp(api.api());
    ASSERT_FALSE(ip.ok()) << tc.body;
    EXPECT_EQ(ip.error().rfind(url, 0), 0u) << ip.error();
    EXPECT_NE(ip.error().find(tc.expect), std::string::npos) << ip.error();
  }
}

TEST(PublicIp, UnreachableSlowOrMalformedApisFailInTime) {
  const int closed = test::FreeLoopbackPort();
  auto refused = DiscoverPublicIp("http://127.0.0.1:" + std::to_string(closed) + "/api/v1/");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().find("connecting: "), std::string::npos) << refused.error();

  FakeApi api;
  api.Answer(200, "192.0.2.1", std::chrono::milliseconds(2000));
  const auto t0 = std::chrono::steady_clock::now();
  auto slow = DiscoverPublicIp(api.api(), std::chrono::milliseconds(300));
  const auto took = std::chrono::steady_clock::now() - t0;
  ASSERT_FALSE(slow.ok());
  EXPECT_NE(slow.error().find("reading the answer: timed out"), std::string::npos) << slow.error();
  EXPECT_LT(took, std::chrono::milliseconds(1500));

  auto scheme = DiscoverPublicIp("ftp://mig.example.net/api/v1/");
  ASSERT_FALSE(scheme.ok());
  EXPECT_NE(scheme.error().find("expected an http:// or https:// URL"), std::string::npos)
      << scheme.error();
}

}  // namespace
}  // namespace mig::agent
