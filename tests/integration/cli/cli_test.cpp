// The `mig` binary against a real platform: RabbitMQ, a store (SQLite and
// PostgreSQL), mig-scheduler, mig-agent and the mig-api binary. The
// investigator signs through GPGME with a real GnuPG home.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "gnupg_home.h"
#include "process.h"
#include "stack.h"
#include "test_env.h"

namespace mig::test {
namespace {

const std::string kMig = mig::test::BinaryDir() + "/apps/mig/mig";
const std::string kApi = mig::test::BinaryDir() + "/apps/mig-api/mig-api";

class CliTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    stack_ = std::make_unique<Stack>(GetParam());
    stack_->StartScheduler();
    stack_->StartAgent();
    ASSERT_TRUE(stack_->WaitForAgents(1));
    const auto& platform = SharedPlatform::Get();
    port_ = FreeLoopbackPort();
    WriteFile(dir_.Sub("api.cfg"),
              "[authentication]\n  enabled = on\n  tokenduration = 10m\n[server]\n"
              "  ip = 127.0.0.1\n  port = " +
                  std::to_string(port_) + "\n  host = \"http://127.0.0.1:" + std::to_string(port_) +
                  "\"\n" + stack_->store_config());
    WriteFile(dir_.Sub("investigator.asc"), platform.public_key);
    auto init = RunShell(kApi + " -c " + dir_.Sub("api.cfg") +
                         " --init-investigator 'CLI Investigator' --pubkey " +
                         dir_.Sub("investigator.asc"));
    ASSERT_EQ(init.exit_code, 0) << init.output;
    api_ = std::make_unique<Process>(std::vector<std::string>{kApi, "-c", dir_.Sub("api.cfg")},
                                     dir_.Sub("api.log"));
    WriteFile(dir_.Sub("migrc"), "[api]\n  url = \"http://127.0.0.1:" + std::to_string(port_) +
                                     "/api/v1\"\n[gpg]\n  home = \"" + platform.gnupg_home +
                                     "\"\n  keyid = \"" + platform.fingerprint +
                                     "\"\n[targets]\n  macro = everyone:status='online'\n");
    // Wait for the API to answer.
    httplib::Client probe("127.0.0.1", port_);
    for (int i = 0; i < 100 && !probe.Get("/api/v1/heartbeat"); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    WriteFile(files_.Sub("needle.txt"), "a needle in the haystack\n");
    WriteFile(files_.Sub("hay.txt"), "only hay\n");
  }
  void TearDown() override {
    if (HasFailure() && api_) std::cerr << "---- mig-api log\n" << api_->Log();
  }
  CommandOutput Mig(const std::string& args) {
    return RunShell("bash -c " + Quote("exec " + kMig + " " + args) + " </dev/null");
  }
  static std::string Quote(const std::string& s) {
    std::string out = "'";
    for (char c : s)
      out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
  }
  std::string Rc() const { return " -c " + dir_.Sub("migrc") + " "; }

  TempDir dir_{"mig-cli-test"};
  TempDir files_{"mig-cli-files"};
  std::unique_ptr<Stack> stack_;
  std::unique_ptr<Process> api_;
  int port_ = 0;
};

TEST_P(CliTest, InvestigatesTheFleetThroughTheApi) {
  // A file search that finds the file on the agent.
  auto out =
      Mig("file" + Rc() + "-t everyone -e 60s -path " + files_.path() + " -name '^needle\\.txt$'");
  EXPECT_EQ(out.exit_code, 0) << out.output;
  EXPECT_NE(out.output.find(" file " + files_.Sub("needle.txt") + " ["), std::string::npos)
      << out.output;
  EXPECT_NE(out.output.find("1 agent will be targeted"), std::string::npos) << out.output;
  EXPECT_NE(out.output.find("1 of 1 agents answered, 1 found something"), std::string::npos)
      << out.output;
  EXPECT_EQ(out.output.find("hay.txt"), std::string::npos) << out.output;
  std::cout << "first search:\n" << out.output;
  const size_t at = out.output.find("action ");
  ASSERT_NE(at, std::string::npos);
  const std::string found_action = out.output.substr(at + 7, out.output.find(' ', at + 7) - at - 7);

  // A search that finds nothing.
  out = Mig("file" + Rc() + "-t \"status='online'\" -path " + files_.path() +
            " -name '^nothing-here$'");
  EXPECT_EQ(out.exit_code, 1) << out.output;
  EXPECT_NE(out.output.find("1 of 1 agents answered, 0 found something"), std::string::npos)
      << out.output;

  // -o json: one JSON object per line on stdout, for scripts.
  out = Mig("file" + Rc() + "-o json -show all -path " + files_.path() +
            " -content needle 2>/dev/null");
  EXPECT_EQ(out.exit_code, 0) << out.output;
  std::istringstream lines(out.output);
  std::string line;
  int objects = 0;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << "not JSON: " << line;
    EXPECT_EQ(j["module"], "file");
    EXPECT_EQ(j["status"], "success");
    EXPECT_EQ(j["foundanything"], true);
    EXPECT_TRUE(j["agent"].is_string());
    EXPECT_NE(j.dump().find(files_.Sub("needle.txt")), std::string::npos) << line;
    ++objects;
  }
  EXPECT_EQ(objects, 1) << out.output;

  // -o ocsf / -o ecs: one finding per line from the output library, with
  // the agent as the API knows it and the action as signed.
  // (A search other than -o json's: the same search launched twice in one
  // second is the same signed action, which agents run once.)
  out = Mig("file" + Rc() + "-o ocsf -path " + files_.path() + " -content needl 2>/dev/null");
  EXPECT_EQ(out.exit_code, 0) << out.output;
  auto ocsf = nlohmann::json::parse(out.output, nullptr, false);
  ASSERT_TRUE(ocsf.is_object()) << "not one JSON line: " << out.output;
  std::cout << "-o ocsf:\n" << out.output;
  EXPECT_EQ(ocsf["class_uid"], 2004);
  EXPECT_EQ(ocsf["type_uid"], 200401);
  EXPECT_EQ(ocsf["evidences"][0]["file"]["path"], files_.Sub("needle.txt"));
  EXPECT_FALSE(ocsf["device"]["hostname"].get<std::string>().empty());
  EXPECT_NE(ocsf["device"]["agent_list"][0]["uid"], "0");
  EXPECT_NE(ocsf["metadata"]["correlation_uid"], "0");
  EXPECT_TRUE(ocsf["unmapped"]["mig"]["command"]["id"].get<int64_t>() > 0);
  EXPECT_EQ(ocsf["unmapped"]["mig"]["investigators"].size(), 1u) << out.output;
  out = Mig("file" + Rc() + "-o ecs -path " + files_.path() + " -name '^needle' 2>/dev/null");
  EXPECT_EQ(out.exit_code, 0) << out.output;
  auto ecs = nlohmann::json::parse(out.output, nullptr, false);
  ASSERT_TRUE(ecs.is_object()) << "not one JSON line: " << out.output;
  EXPECT_EQ(ecs["event"]["kind"], "alert");
  EXPECT_EQ(ecs["file"]["path"], files_.Sub("needle.txt"));
  EXPECT_EQ(ecs["ecs"]["version"], "8.11.0");

  // -target-found / -target-notfound: agents that did / did not find
  // something in an earlier action.
  out = Mig("file" + Rc() + "-target-found " + found_action + " -path " + files_.path() +
            " -name '^needle'");
  EXPECT_EQ(out.exit_code, 0) << out.output;
  EXPECT_NE(out.output.find("1 agent will be targeted"), std::string::npos) << out.output;
  out = Mig("file" + Rc() + "-target-notfound " + found_action + " -path " + files_.path() +
            " -name '^needle'");
  EXPECT_EQ(out.exit_code, 1) << out.output;
  EXPECT_NE(out.output.find("no agent matches target"), std::string::npos) << out.output;

  // A bad target: the server's message, exit 2.
  out = Mig("file" + Rc() + "-t \"name = \" -path " + files_.path() + " -name x");
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("target \"name = \": "), std::string::npos) << out.output;
  EXPECT_NE(out.output.find("invalid target: unexpected end of the target"), std::string::npos)
      << out.output;
  EXPECT_EQ(out.output.find("limit=1000000"), std::string::npos) << "no search URL: " << out.output;

  // mig -i: launch an action file made with -p (unsigned; mig signs it).
  out = Mig("file" + Rc() + "-p -path " + files_.path() + " -name '^needle' > " +
            dir_.Sub("action.json"));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  out = Mig("-i " + dir_.Sub("action.json") + Rc());
  EXPECT_EQ(out.exit_code, 0) << out.output;
  EXPECT_NE(out.output.find(" file " + files_.Sub("needle.txt")), std::string::npos) << out.output;

  // -s then -i: signed once, launched as is.
  out = Mig("file" + Rc() + "-s -path " + files_.path() + " -name '^nothing$' > " +
            dir_.Sub("signed.json"));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_EQ(nlohmann::json::parse(ReadFile(dir_.Sub("signed.json")))["pgpsignatures"].size(), 1u);
  out = Mig("-i " + dir_.Sub("signed.json") + Rc());
  EXPECT_EQ(out.exit_code, 1) << out.output;
}

TEST_P(CliTest, ErrorsSayWhatToDo) {
  // The API is not where the migrc says.
  const int closed = FreeLoopbackPort();
  WriteFile(dir_.Sub("away.rc"), "[api]\n  url = \"http://127.0.0.1:" + std::to_string(closed) +
                                     "/api/v1/\"\n[gpg]\n  home = \"" +
                                     SharedPlatform::Get().gnupg_home + "\"\n");
  auto out = Mig("file -c " + dir_.Sub("away.rc") + " -path /tmp -name x");
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(
      out.output.find("http://127.0.0.1:" + std::to_string(closed) + "/api/v1/search?type=agent"),
      std::string::npos)
      << out.output;
  EXPECT_NE(out.output.find("cannot reach the API"), std::string::npos) << out.output;

  // No migrc: how to write one.
  out = Mig("file -c " + dir_.Sub("none.rc") + " -path /tmp -name x");
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.output.find("no configuration at"), std::string::npos) << out.output;
  EXPECT_NE(out.output.find("-t local"), std::string::npos) << out.output;

  // Usage errors.
  out = Mig("file" + Rc() + "-show maybe -path /tmp");
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.output.find("-show wants found, notfound or all"), std::string::npos);
  out = Mig("--help");
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_NE(out.output.find("Exit status: 0 something was found"), std::string::npos);

  // An investigator the API does not know (another key): the server says so.
  GnuPGHome other;
  const std::string fpr = other.GenerateKey("Stranger <s@example.net>", "ed25519");
  WriteFile(dir_.Sub("stranger.rc"), "[api]\n  url = \"http://127.0.0.1:" + std::to_string(port_) +
                                         "/api/v1/\"\n[gpg]\n  home = \"" + other.path() +
                                         "\"\n  keyid = \"" + fpr + "\"\n");
  out = Mig("file -c " + dir_.Sub("stranger.rc") + " -path /tmp -name x");
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("HTTP 401"), std::string::npos) << out.output;
}

INSTANTIATE_TEST_SUITE_P(Backends, CliTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace mig::test
