// [agent] extraprivacymode through the agent's command path: CommandRunner
// runs each operation in a real `mig-agent -m MODULE` child (as the daemon
// does, sandbox off so that any user can run it) and the results that come
// back are masked by the modules' privacy hooks.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "agent/command_runner.h"
#include "agent/module_launcher.h"
#include "test_env.h"

namespace mig::agent {
namespace {

const std::string kAgent = test::BinaryDir() + "/apps/mig-agent/mig-agent";

class AllowAll : public ActionAuthorizer {
 public:
  Status Authorize(const Action&, const Time&) const override { return Status::Ok(); }
};

// A TCP connection on loopback, both ends open, for netstat to find.
class LoopbackConnection {
 public:
  LoopbackConnection() {
    listener_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (bind(listener_, reinterpret_cast<sockaddr*>(&a), len) != 0 || listen(listener_, 1) != 0 ||
        getsockname(listener_, reinterpret_cast<sockaddr*>(&a), &len) != 0)
      return;
    client_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (connect(client_, reinterpret_cast<sockaddr*>(&a), len) != 0) return;
    server_ = accept(listener_, nullptr, nullptr);
  }
  ~LoopbackConnection() {
    for (int fd : {server_, client_, listener_})
      if (fd >= 0) close(fd);
  }
  bool ok() const { return server_ >= 0; }

 private:
  int listener_ = -1, client_ = -1, server_ = -1;
};

Command FileAndNetstat(const std::string& dir) {
  Command c;
  c.id = 1;
  c.action.name = "privacy";
  c.action.expire_after = Time::Now().AddSeconds(600);
  c.action.operations = std::vector<Operation>{
      {"file",
       Json::parse(R"({"searches":{"s1":{"paths":[")" + dir + R"("],"contents":["^needle$"]}}})"),
       false, false},
      {"netstat", Json::parse(R"({"connectedip":["127.0.0.1"]})"), false, false}};
  return c;
}

TEST(AgentPrivacy, FileAndNetstatResultsComeBackMaskedFromTheModuleChild) {
  test::TempDir dir;
  test::WriteFile(dir.Sub("secret.txt"), "needle\n");
  LoopbackConnection connection;
  ASSERT_TRUE(connection.ok());
  AllowAll authorizer;
  SandboxConfig no_sandbox;
  no_sandbox.enabled = false;
  ChildModuleLauncher launcher(kAgent, no_sandbox);

  for (bool privacy : {false, true}) {
    SCOPED_TRACE(privacy ? "extraprivacymode on" : "extraprivacymode off");
    CommandRunner runner(authorizer, launcher, std::chrono::seconds(60), nullptr, privacy);
    Command c = FileAndNetstat(dir.path());
    runner.Run(c);
    ASSERT_EQ(c.status, "success");
    ASSERT_EQ(c.results.size(), 2u);

    const ModuleResult& file = c.results[0];
    ASSERT_TRUE(file.found_anything) << file.elements.dump();
    ASSERT_EQ(file.elements["s1"].size(), 1u) << file.elements.dump();
    EXPECT_EQ(file.elements["s1"][0]["file"], privacy ? "masked" : dir.Sub("secret.txt"));

    const ModuleResult& net = c.results[1];
    ASSERT_TRUE(net.found_anything) << net.elements.dump();
    const auto& tuples = net.elements["connectedip"]["127.0.0.1"];
    ASSERT_GE(tuples.size(), 2u) << net.elements.dump();  // both ends of the connection
    for (const auto& t : tuples)
      EXPECT_EQ(t["remoteaddr"], privacy ? "masked" : "127.0.0.1") << t.dump();
  }
}

}  // namespace
}  // namespace mig::agent
