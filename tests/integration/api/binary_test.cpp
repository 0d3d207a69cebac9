// The mig-api binary: --init-investigator bootstrap, serving, flags; and
// HTTPS in process.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "api_harness.h"
#include "test_env.h"

namespace mig::test {
namespace {

const std::string kApi = mig::test::BinaryDir() + "/apps/mig-api/mig-api";

std::string Config(const TempDir& dir, int port) {
  return "[authentication]\n  enabled = on\n  tokenduration = 10m\n[server]\n  ip = 127.0.0.1\n"
         "  port = " +
         std::to_string(port) + "\n  host = \"http://127.0.0.1:" + std::to_string(port) +
         "\"\n[store]\n  driver = sqlite\n  path = " + dir.Sub("mig.db") + "\n";
}

TEST(MigApiBinary, BootstrapThenServeThenAuthenticate) {
  TempDir dir;
  const int port = FreeLoopbackPort();
  WriteFile(dir.Sub("api.cfg"), Config(dir, port));
  WriteFile(dir.Sub("admin.asc"), TestKeys::Get().admin_pub);
  const std::string base = kApi + " -c " + dir.Sub("api.cfg");

  auto out = RunShell(base + " --init-investigator 'Jane Admin' --pubkey " + dir.Sub("admin.asc"));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_NE(out.output.find("created investigator 1 'Jane Admin' with permissions default,admin ("),
            std::string::npos)
      << out.output;
  EXPECT_EQ(out.output.find('{'), std::string::npos) << "no permissions document: " << out.output;
  out = RunShell(base + " --init-investigator 'Again' --pubkey " + dir.Sub("admin.asc"));
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_NE(out.output.find("already exists"), std::string::npos) << out.output;
  out = RunShell(base + " --init-investigator 'NoKey'");
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.output.find("needs --pubkey"), std::string::npos);
  out = RunShell(base + " --init-investigator X --pubkey " + dir.Sub("admin.asc") +
                 " --permissions fly");
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.output.find("unknown permission 'fly'"), std::string::npos);

  RunShell(base + " > " + dir.Sub("log") + " 2>&1 & echo $! > " + dir.Sub("pid"));
  httplib::Client cli("127.0.0.1", port);
  for (int i = 0; i < 100 && !cli.Get("/api/v1/heartbeat"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto r = cli.Get("/api/v1/heartbeat");
  ASSERT_TRUE(r) << ReadFile(dir.Sub("log"));
  EXPECT_EQ(r->status, 200);
  r = cli.Get("/api/v1/investigator?investigatorid=1",
              {{"X-PGPAUTHORIZATION", ApiHarness::Token(TestKeys::Get().admin_sec)}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  const auto inv = nlohmann::json::parse(r->body)["collection"]["items"][0]["data"][0]["value"];
  EXPECT_EQ(inv["name"], "Jane Admin");
  EXPECT_EQ(inv["permissions"]["investigator_update"], true);
  EXPECT_EQ(inv["permissions"]["manifest"], false);
  RunShell("kill $(cat " + dir.Sub("pid") + ")");
  // The access log has one structured line per request.
  for (int i = 0; i < 50 && ReadFile(dir.Sub("log")).find("resp_code=200") == std::string::npos;
       ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const std::string log = ReadFile(dir.Sub("log"));
  EXPECT_NE(log.find("category=investigator auth=[Jane Admin 1] GET HTTP/1.1 "
                     "/api/v1/investigator?investigatorid=1 resp_code=200"),
            std::string::npos)
      << log;
}

TEST(MigApiBinary, RefusesBadConfigurationAndTeaches) {
  TempDir dir;
  WriteFile(dir.Sub("bad.cfg"), "[server]\n  prot = 1\n");
  auto out = RunShell(kApi + " -c " + dir.Sub("bad.cfg"));
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.output.find("unknown configuration key(s): server.prot"), std::string::npos)
      << out.output;
  WriteFile(dir.Sub("bad2.cfg"), "[authentication]\n  tokenduration = forever\n");
  out = RunShell(kApi + " -c " + dir.Sub("bad2.cfg"));
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.output.find("authentication.tokenduration"), std::string::npos) << out.output;
  out = RunShell(kApi + " -c " + dir.Sub("missing.cfg"));
  EXPECT_EQ(out.exit_code, 2);
  out = RunShell(kApi + " -h");
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_NE(out.output.find("--init-investigator"), std::string::npos);
  EXPECT_NE(out.output.find("[store]  driver = sqlite | postgres"), std::string::npos);
  out = RunShell(kApi + " -V");
  EXPECT_EQ(out.exit_code, 0);
}

TEST(MigApiHttps, ServesOverTls) {
  ApiHarness h("sqlite", /*tls=*/true);
  ASSERT_TRUE(h.ok()) << h.error();
  auto cli = h.Client();
  auto r = cli->Get("/api/v1/dashboard",
                    {{"X-PGPAUTHORIZATION", ApiHarness::Token(TestKeys::Get().admin_sec)}});
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(h.config().host.rfind("https://", 0), 0u);
  // Plain HTTP to the TLS port gets no answer.
  httplib::Client plain("127.0.0.1", h.port());
  plain.set_read_timeout(2, 0);
  auto p = plain.Get("/api/v1/heartbeat");
  EXPECT_TRUE(!p || p->status != 200);
}

}  // namespace
}  // namespace mig::test
