// scripts/quickstart end to end, as a new user runs it: a private RabbitMQ,
// mig-api and mig-scheduler on SQLite, one agent, a signed investigation.
// Bootstrap and build are skipped (--no-build): ctest runs after the build.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "rabbitmq_server.h"
#include "test_env.h"

namespace mig::test {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::StartsWith;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

// KEY=VALUE lines of the state's settings.env.
std::map<std::string, std::string> Settings(const std::string& path) {
  std::map<std::string, std::string> out;
  for (const auto& line : Lines(ReadFile(path))) {
    const auto eq = line.find('=');
    if (eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return out;
}

class Quickstart : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!RabbitMqServer::Installed()) GTEST_SKIP() << "rabbitmq-server is not installed";
  }
  void TearDown() override {
    if (!dir_) return;
    CommandOutput stop = Run("stop");
    if (HasFailure()) {
      std::cerr << RunShell("tail -n 30 " + state_ + "/logs/*.log").output;
    }
    EXPECT_EQ(stop.exit_code, 0) << stop.output;
  }
  CommandOutput Run(const std::string& args) {
    return RunShell("MIG_QUICKSTART_DIR='" + state_ + "' " + mig::test::SourceDir() +
                    "/scripts/quickstart " + args + " 2>&1");
  }
  std::string Start() { return "--no-build --build-dir '" + mig::test::BinaryDir() + "'"; }

  std::unique_ptr<TempDir> dir_ = std::make_unique<TempDir>("mig-quickstart");
  std::string state_ = dir_->Sub("state");
};

TEST_F(Quickstart, RunsAnInvestigationReusesItsStateAndStops) {
  CommandOutput first = Run(Start());
  ASSERT_EQ(first.exit_code, 0) << first.output;

  // The findings of the real investigation, as mig prints them.
  EXPECT_THAT(first.output, HasSubstr(" file /etc/passwd ["));
  EXPECT_THAT(first.output, HasSubstr("] in search 'passwd-with-root'"));
  EXPECT_THAT(first.output, HasSubstr(" file " + state_ + "/sample/ioc.txt ["));
  EXPECT_THAT(first.output, HasSubstr("1 of 1 agents answered, 1 found something"));

  // The three lines scripts rely on, last.
  const auto lines = Lines(first.output);
  ASSERT_GE(lines.size(), 3u);
  const std::string& state_line = lines[lines.size() - 3];
  const std::string& api_line = lines[lines.size() - 2];
  const std::string& agent_line = lines[lines.size() - 1];
  EXPECT_EQ(state_line, "STATE: " + state_);
  const auto settings = Settings(state_ + "/settings.env");
  EXPECT_EQ(api_line, "API: http://127.0.0.1:" + settings.at("API_PORT") + "/api/v1/");
  EXPECT_THAT(agent_line, MatchesRegex("AGENT: [^ ]+"));

  // The next commands, and what they need in the state directory.
  EXPECT_THAT(first.output, HasSubstr(" file -c " + state_ + "/migrc"));
  EXPECT_THAT(first.output, HasSubstr("mig-console -c " + state_ + "/migrc"));
  EXPECT_THAT(first.output, HasSubstr("scripts/quickstart stop"));
  const std::string migrc = ReadFile(state_ + "/migrc");
  EXPECT_THAT(migrc, HasSubstr("url = \"" + api_line.substr(5) + "\""));
  EXPECT_THAT(migrc, HasSubstr("home = \"" + state_ + "/gnupg/\""));
  EXPECT_TRUE(std::filesystem::is_directory(state_ + "/gnupg"));

  // Nothing listens beyond loopback on the ports it chose (epmd also takes ::1).
  for (const char* key : {"API_PORT", "AMQP_PORT", "EPMD_PORT", "DIST_PORT"}) {
    CommandOutput ss = RunShell("ss -Hltn '( sport = :" + settings.at(key) + " )'");
    for (const auto& line : Lines(ss.output)) {
      EXPECT_THAT(line, MatchesRegex(".* (127\\.0\\.0\\.1|\\[::1\\]):[0-9]+ .*")) << key;
    }
  }

  // Second run: everything reused, same API and agent.
  CommandOutput second = Run(Start());
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_THAT(second.output, HasSubstr("RabbitMQ: running"));
  EXPECT_THAT(second.output, HasSubstr("api: running"));
  EXPECT_THAT(second.output, HasSubstr("agent: running"));
  EXPECT_THAT(second.output, HasSubstr(api_line + "\n" + agent_line));
  EXPECT_THAT(second.output, HasSubstr(" file /etc/passwd ["));
  EXPECT_THAT(second.output, HasSubstr("1 of 1 agents answered, 1 found something"));

  // Stop: the API no longer answers, no pid file is left.
  CommandOutput stop = Run("stop");
  ASSERT_EQ(stop.exit_code, 0) << stop.output;
  EXPECT_THAT(stop.output, HasSubstr("stopped mig-api"));
  EXPECT_THAT(stop.output, HasSubstr("stopped RabbitMQ"));
  CommandOutput curl = RunShell("curl -sf " + api_line.substr(5) + "heartbeat");
  EXPECT_NE(curl.exit_code, 0) << curl.output;
  EXPECT_TRUE(std::filesystem::is_empty(state_ + "/pids"));
}

TEST_F(Quickstart, RefusesBadArguments) {
  CommandOutput store = Run("--store mysql");
  EXPECT_NE(store.exit_code, 0);
  EXPECT_THAT(store.output, HasSubstr("--store must be sqlite or postgres, not 'mysql'"));
  CommandOutput unknown = Run("--frobnicate");
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_THAT(unknown.output, HasSubstr("unknown argument '--frobnicate'"));
  CommandOutput missing = Run("--no-build --build-dir /nonexistent");
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_THAT(missing.output, HasSubstr("/nonexistent/apps/mig-api/mig-api is missing"));
}

}  // namespace
}  // namespace mig::test
