// The mig-runner binary against a real platform (RabbitMQ, SQLite or
// PostgreSQL, mig-scheduler, a mig-agent, the mig-api binary): a job every
// five seconds produces results files and OCSF lines and feeds its plugin; the API killed
// and restarted (and the runner with it) loses no run and launches none
// twice; malformed jobs are reported and skipped while the others run.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "process.h"
#include "stack.h"
#include "test_env.h"

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

const std::string kRunner = BinaryDir() + "/apps/mig-runner/mig-runner";
const std::string kApi = BinaryDir() + "/apps/mig-api/mig-api";

// Finished files under dir: the runner writes results as NAME.tmp and renames
// them, so a .tmp is one still being written (seen half-written in a run).
std::vector<fs::path> FilesUnder(const std::string& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec))
    if (e.is_regular_file() && e.path().extension() != ".tmp") out.push_back(e.path());
  return out;
}

// "launched action <id> for <occurrence>" lines of the runner's log.
std::map<std::string, std::vector<std::string>> Launches(const std::string& log,
                                                         const std::string& job) {
  std::map<std::string, std::vector<std::string>> by_occurrence;
  const std::regex line("job " + job + ": launched action ([0-9]+) for ([0-9TZ:.-]+)");
  for (auto it = std::sregex_iterator(log.begin(), log.end(), line); it != std::sregex_iterator();
       ++it)
    by_occurrence[(*it)[2]].push_back((*it)[1]);
  return by_occurrence;
}

class RunnerTest : public ::testing::TestWithParam<std::string> {
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
    WriteFile(dir_.Sub("runner.asc"), platform.public_key);
    auto init = RunShell(kApi + " -c " + dir_.Sub("api.cfg") +
                         " --init-investigator 'mig-runner' --pubkey " + dir_.Sub("runner.asc"));
    ASSERT_EQ(init.exit_code, 0) << init.output;
    api_ = std::make_unique<Process>(std::vector<std::string>{kApi, "-c", dir_.Sub("api.cfg")},
                                     dir_.Sub("api.log"));
    ASSERT_TRUE(WaitForApi());
    WriteFile(dir_.Sub("migrc"), "[api]\n  url = \"http://127.0.0.1:" + std::to_string(port_) +
                                     "/api/v1\"\n[gpg]\n  home = \"" + platform.gnupg_home +
                                     "\"\n  keyid = \"" + platform.fingerprint + "\"\n");
    WriteFile(files_.Sub("needle.txt"), "a needle\n");
    root_ = dir_.Sub("runner");
    fs::create_directories(root_ + "/runners");
    fs::create_directories(root_ + "/plugins");
    fs::create_directories(dir_.Sub("plugin-out"));
    WriteFile(root_ + "/plugins/keep",
              "#!/bin/sh\nf=" + dir_.Sub("plugin-out") +
                  "/$(date +%s%N)\ncat > \"$f.tmp\" && mv \"$f.tmp\" \"$f.json\"\n");
    fs::permissions(root_ + "/plugins/keep", fs::perms::owner_all);
    WriteFile(dir_.Sub("runner.cfg"), "[runner]\n  directory = " + root_ +
                                          "\n  checkdirectory = 1\n[client]\n  clientconfpath = " +
                                          dir_.Sub("migrc") + "\n  delayresults = 1s\n");
  }
  void TearDown() override {
    if (HasFailure()) {
      if (runner_) std::cerr << "---- mig-runner log\n" << runner_->Log();
      if (api_) std::cerr << "---- mig-api log (tail)\n" << Tail(api_->Log());
    }
  }
  static std::string Tail(const std::string& s) {
    return s.size() > 4000 ? s.substr(s.size() - 4000) : s;
  }
  bool WaitForApi() {
    httplib::Client probe("127.0.0.1", port_);
    for (int i = 0; i < 200; ++i) {
      if (probe.Get("/api/v1/heartbeat")) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  void MakeJob(const std::string& name, const std::string& entity, const std::string& action) {
    fs::create_directories(root_ + "/runners/" + name);
    WriteFile(root_ + "/runners/" + name + "/entity.cfg", entity);
    WriteFile(root_ + "/runners/" + name + "/action.json", action);
  }
  std::string FileAction() const {
    return R"({"name":"x","target":"status='online'",
      "description":{"author":"Runner","email":"runner@example.net","revision":1},
      "threat":{"level":"info","family":"compliance","type":"test"},
      "operations":[{"module":"file","parameters":{"searches":{"s1":{"paths":[")" +
           files_.path() + R"("],"names":["^needle\\.txt$"]}}}}],"syntaxversion":2})";
  }
  std::string Results(const std::string& job) const {
    return root_ + "/runners/" + job + "/results";
  }
  template <typename F>
  bool WaitFor(F done, int seconds) {
    const auto end = Clock::now() + std::chrono::seconds(seconds);
    while (Clock::now() < end) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return done();
  }

  TempDir dir_{"mig-runner-it"};
  TempDir files_{"mig-runner-files"};
  std::string root_;
  std::unique_ptr<Stack> stack_;
  std::unique_ptr<Process> api_;
  std::unique_ptr<Process> runner_;
  int port_ = 0;
};

TEST_P(RunnerTest, RunsJobsThroughOutagesOnceEach) {
  const std::string every5 =
      "[configuration]\n  schedule = \"*/5 * * * * * *\"\n  expiry = \"6s\"\n";
  MakeJob("needle",
          every5 + "  plugin = keep\n[output]\n  format = ocsf\n  file = " +
              dir_.Sub("ocsf.jsonl") + "\n",
          FileAction());
  MakeJob("brokencfg", "[configuration]\n  schedule = \"61 * * * *\"\n", FileAction());
  MakeJob("brokenjson", every5, "{\"name\": \"x\", \"operations\": [");
  runner_ = std::make_unique<Process>(
      std::vector<std::string>{kRunner, "-c", dir_.Sub("runner.cfg")}, dir_.Sub("runner.log"));

  // A results file: the agent's answer, fetched after expiry.
  ASSERT_TRUE(WaitFor([&] { return !FilesUnder(Results("needle")).empty(); }, 25));
  const fs::path first = FilesUnder(Results("needle"))[0];
  auto doc = nlohmann::json::parse(ReadFile(first.string()));
  EXPECT_EQ(doc["name"], "needle");
  EXPECT_EQ(doc["plugin"], "keep");
  EXPECT_EQ(doc["action"]["name"], "mig-runner: needle");
  EXPECT_EQ(first.filename().string(),
            std::to_string(doc["action"]["id"].get<int64_t>()) + ".json");
  ASSERT_EQ(doc["commands"].size(), 1u) << doc.dump();
  EXPECT_EQ(doc["commands"][0]["status"], "success");
  EXPECT_NE(doc["commands"][0].dump().find(files_.Sub("needle.txt")), std::string::npos);
  // The plugin got the same document on stdin.
  // Only a renamed ".json": the plugin's ".tmp" may still be empty.
  auto fed_file = [&]() -> std::optional<fs::path> {
    for (const fs::path& f : FilesUnder(dir_.Sub("plugin-out")))
      if (f.extension() == ".json") return f;
    return std::nullopt;
  };
  ASSERT_TRUE(WaitFor([&] { return fed_file().has_value(); }, 5));
  auto fed = nlohmann::json::parse(ReadFile(fed_file()->string()));
  EXPECT_EQ(fed["name"], "needle");
  EXPECT_GE(fed["commands"].size(), 1u);

  // The job's OCSF output: a Detection Finding per file found.
  // A whole line: the sink may have created the file and not written it yet.
  ASSERT_TRUE(WaitFor(
      [&] {
        return fs::exists(dir_.Sub("ocsf.jsonl")) &&
               ReadFile(dir_.Sub("ocsf.jsonl")).find('\n') != std::string::npos;
      },
      5));
  {
    const std::string lines = ReadFile(dir_.Sub("ocsf.jsonl"));
    auto finding = nlohmann::json::parse(lines.substr(0, lines.find('\n')));
    EXPECT_EQ(finding["class_uid"], 2004);
    EXPECT_NE(finding.dump().find(files_.Sub("needle.txt")), std::string::npos) << finding.dump();
  }

  // Malformed jobs: reported with the reason, never launched.
  const std::string log = runner_->Log();
  EXPECT_NE(log.find("job brokencfg: skipped:"), std::string::npos);
  EXPECT_NE(log.find("61 is out of range 0-59"), std::string::npos);
  EXPECT_NE(log.find("job brokenjson: skipped:"), std::string::npos);
  EXPECT_NE(log.find("malformed JSON"), std::string::npos);

  // The API goes away across an occurrence; the runner restarts meanwhile.
  api_->Kill();
  std::this_thread::sleep_for(std::chrono::seconds(4));
  runner_->Stop();
  runner_->Restart();
  std::this_thread::sleep_for(std::chrono::seconds(4));
  const size_t before_outage_results = FilesUnder(Results("needle")).size();
  api_->Restart();
  ASSERT_TRUE(WaitForApi());
  const auto back = Clock::now();
  // After the outage: a launch again, and every launch's results collected.
  ASSERT_TRUE(WaitFor(
      [&] { return FilesUnder(Results("needle")).size() >= before_outage_results + 2; }, 25));
  EXPECT_LT(Clock::now() - back, std::chrono::seconds(25));
  runner_->Stop();

  const std::string final_log = runner_->Log();
  // What happened, for whoever reads the test's output.
  for (size_t at = 0, end; (end = final_log.find('\n', at)) != std::string::npos; at = end + 1) {
    const std::string line = final_log.substr(at, end - at);
    if (line.find("job needle") != std::string::npos) std::cout << line << "\n";
  }
  const auto launches = Launches(final_log, "needle");
  std::set<std::string> ids;
  for (const auto& [occurrence, actions] : launches) {
    EXPECT_EQ(actions.size(), 1u) << "occurrence " << occurrence << " launched " << actions.size()
                                  << " times";
    ids.insert(actions.begin(), actions.end());
  }
  EXPECT_NE(final_log.find("failed, retrying"), std::string::npos);  // the outage was seen
  // The store holds exactly the actions the runner says it launched: none
  // posted twice behind its back.
  store::ActionQuery q;
  q.name_like = "mig-runner: needle";
  q.window.limit = 1000;
  auto stored = stack_->store().SearchActions(q);
  ASSERT_TRUE(stored.ok()) << stored.error();
  std::set<std::string> stored_ids;
  std::set<int64_t> valid_froms;
  for (const auto& a : *stored) {
    stored_ids.insert(std::to_string(a.id));
    EXPECT_TRUE(valid_froms.insert(a.valid_from.Unix()).second) << "two launches at one time";
  }
  EXPECT_EQ(stored_ids, ids);
  // No run lost: launches cover the whole test, outage included (at most
  // one occurrence coalesced into the late launch after it).
  EXPECT_GE(ids.size(), 3u);
  // Each collected result belongs to one launched action, once.
  std::set<std::string> collected;
  for (const auto& f : FilesUnder(Results("needle")))
    EXPECT_TRUE(collected.insert(f.stem().string()).second);
  for (const auto& id : collected)
    EXPECT_EQ(ids.count(id), 1u) << id;
  EXPECT_EQ(FilesUnder(root_ + "/runners/brokencfg").size(), 2u);  // nothing written there
}

INSTANTIATE_TEST_SUITE_P(Stores, RunnerTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace mig::test
