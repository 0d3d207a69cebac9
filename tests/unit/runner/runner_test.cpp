// mig-runner's jobs, ledger and results against a fake API: each schedule
// occurrence is launched once, across lost answers, outages and restarts;
// bad jobs are skipped with their reason while the others run.
#include "runner/runner.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/documents_json.h"
#include "core/gojson.h"
#include "core/time.h"
#include "modules/result_json.h"
#include "runner/job_spec.h"
#include "runner/ledger.h"
#include "runner/results.h"
#include "test_env.h"

namespace mig::runner {
namespace {

namespace fs = std::filesystem;
using test::ReadFile;
using test::TempDir;
using test::WriteFile;

const char* kAction = R"({"name":"ignored","target":"status='online'",
  "description":{"author":"Runner Test","email":"runner@example.net","revision":1},
  "threat":{"level":"info","family":"compliance","type":"test"},
  "operations":[{"module":"file","parameters":{"searches":{"s1":{"paths":["/etc"],
  "names":["^passwd$"]}}}}],"syntaxversion":2})";

// The API as the runner sees it. fail_launch: no answer; lose_answer: the
// action is created but the answer never arrives.
class FakeApi : public ActionGateway {
 public:
  bool down = false, lose_answer = false;
  std::vector<Action> created;
  Result<Id> Launch(const Action& a) override {
    ++posts;
    if (down) return Status::Error("connection refused");
    Action stored = a;
    stored.id = 1000 + static_cast<Id>(created.size());
    created.push_back(stored);
    if (lose_answer) return Status::Error("timed out reading the answer");
    return stored.id;
  }
  Result<Id> FindLaunched(const Action& a) override {
    ++searches;
    if (down) return Status::Error("connection refused");
    for (const auto& c : created) {
      if (c.name == a.name && c.valid_from == a.valid_from) return c.id;
    }
    return Id{0};
  }
  Result<std::vector<Json>> Commands(Id id) override {
    if (down) return Status::Error("connection refused");
    // One agent that found /etc/passwd with the file module.
    Command c;
    c.id = id * 10;
    c.action.id = id;
    c.status = "success";
    c.agent.id = 7;
    c.agent.name = "host1.example.net";
    c.agent.environment.os = "linux";
    c.finish_time = Time::Now();
    auto r = modules::ModuleResultFromJson(
        R"({"foundanything":true,"success":true,"elements":{"s1":[{"file":"/etc/passwd",)"
        R"("search":{"paths":["/etc"],"names":["^passwd$"]},"fileinfo":{"size":2011,)"
        R"("mode":"-rw-r--r--","lastmodified":"2024-05-01 10:00:00 +0000 UTC"}}]},)"
        R"("statistics":{},"errors":null})");
    EXPECT_TRUE(r.ok()) << r.error();
    if (r.ok()) c.results.push_back(*r);
    auto doc = ParseGoJson(WriteCommand(c));
    EXPECT_TRUE(doc.ok()) << doc.error();
    return std::vector<Json>{*doc};
  }
  int posts = 0, searches = 0;
};

Status FakeSign(Action& a) {
  a.pgp_signatures.push_back("fake signature");
  return Status::Ok();
}

class RunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.directory = dir_.path();
    config_.check_directory = std::chrono::seconds(1);
    config_.delay_results = std::chrono::seconds(2);
    fs::create_directories(dir_.Sub("runners"));
    fs::create_directories(dir_.Sub("plugins"));
    now_ = Time::Now().Unix();
  }
  std::string Job(const std::string& name) const { return dir_.Sub("runners/" + name); }
  void MakeJob(const std::string& name, const std::string& entity,
               const std::string& action = kAction) {
    fs::create_directories(Job(name));
    WriteFile(Job(name) + "/entity.cfg", entity);
    WriteFile(Job(name) + "/action.json", action);
  }
  static std::string Every(int seconds, const std::string& extra = "") {
    return "[configuration]\n  schedule = \"*/" + std::to_string(seconds) +
           " * * * * * *\"\n  expiry = \"10s\"\n" + extra;
  }
  std::unique_ptr<Runner> NewRunner() {
    auto r = std::make_unique<Runner>(config_, api_, FakeSign);
    r->SetMaxRetryDelay(2);
    return r;
  }
  // The next multiple of `step` seconds after now_.
  int64_t NextMultiple(int step) const { return (now_ / step + 1) * step; }
  std::vector<fs::path> Results(const std::string& job) const {
    std::vector<fs::path> out;
    if (!fs::exists(Job(job) + "/results")) return out;
    for (const auto& e : fs::recursive_directory_iterator(Job(job) + "/results"))
      if (e.is_regular_file()) out.push_back(e.path());
    return out;
  }

  TempDir dir_{"mig-runner-test"};
  RunnerConfig config_;
  FakeApi api_;
  int64_t now_ = 0;
};

TEST_F(RunnerTest, LaunchesEachOccurrenceOnceWithTheRunnersNameTimesAndSignature) {
  MakeJob("check", Every(10));
  auto runner = NewRunner();
  const int64_t t = NextMultiple(10);
  runner->Tick(t - 1);  // starts the job: nothing from the past is launched
  EXPECT_EQ(runner->RunningJobs(), std::vector<std::string>{"check"});
  EXPECT_EQ(api_.posts, 0);
  runner->Tick(t);
  ASSERT_EQ(api_.created.size(), 1u);
  const Action& a = api_.created[0];
  EXPECT_EQ(a.name, "mig-runner: check");
  EXPECT_EQ(a.valid_from.Unix(), t - 60);
  EXPECT_EQ(a.expire_after.Unix(), t + 10);
  EXPECT_EQ(a.pgp_signatures, std::vector<std::string>{"fake signature"});
  EXPECT_EQ(a.target, "status='online'");
  runner->Tick(t);
  runner->Tick(t + 5);
  EXPECT_EQ(api_.created.size(), 1u);
  runner->Tick(t + 10);
  EXPECT_EQ(api_.created.size(), 2u);
  // The in-flight marker of each launch, with the job and its plugin.
  EXPECT_TRUE(fs::exists(InflightPath(Job("check"), 1000)));
  EXPECT_TRUE(fs::exists(InflightPath(Job("check"), 1001)));
}

TEST_F(RunnerTest, ARestartNeverLaunchesAnOccurrenceAgain) {
  MakeJob("check", Every(10));
  const int64_t t = NextMultiple(10);
  {
    auto runner = NewRunner();
    runner->Tick(t - 1);
    runner->Tick(t);
  }
  ASSERT_EQ(api_.created.size(), 1u);
  auto ledger = ReadLedger(Job("check"));
  ASSERT_TRUE(ledger.ok() && ledger->has_value()) << ledger.error();
  EXPECT_EQ((*ledger)->launched_occurrence, t);
  EXPECT_EQ((*ledger)->launched_action_id, 1000);
  {
    auto runner = NewRunner();  // restarted within the same occurrence
    runner->Tick(t + 3);
    EXPECT_EQ(api_.created.size(), 1u);
  }
  {
    // Down across two occurrences: one late launch, for the latest.
    auto runner = NewRunner();
    runner->Tick(t + 25);
    ASSERT_EQ(api_.created.size(), 2u);
    EXPECT_EQ(api_.created[1].valid_from.Unix(), t + 25 - 60);
    runner->Tick(t + 29);
    EXPECT_EQ(api_.created.size(), 2u);
  }
  ledger = ReadLedger(Job("check"));
  EXPECT_EQ((*ledger)->launched_occurrence, t + 20);
}

TEST_F(RunnerTest, ALostAnswerIsFoundInTheApiAndNotPostedAgain) {
  MakeJob("check", Every(10));
  const int64_t t = NextMultiple(10);
  auto runner = NewRunner();
  runner->Tick(t - 1);
  api_.lose_answer = true;
  runner->Tick(t);
  ASSERT_EQ(api_.created.size(), 1u);
  api_.lose_answer = false;
  // The claim is on disk; a restarted runner checks the API first too.
  runner = NewRunner();
  for (int64_t s = t + 1; s <= t + 6; ++s)
    runner->Tick(s);
  EXPECT_EQ(api_.created.size(), 1u);
  EXPECT_EQ(api_.posts, 1);
  EXPECT_GE(api_.searches, 1);
  auto ledger = ReadLedger(Job("check"));
  EXPECT_EQ((*ledger)->launched_occurrence, t);
  EXPECT_EQ((*ledger)->launched_action_id, 1000);
  EXPECT_FALSE((*ledger)->pending_occurrence.has_value());
  EXPECT_TRUE(fs::exists(InflightPath(Job("check"), 1000)));
}

TEST_F(RunnerTest, AnOutageEndsWithOneLateLaunch) {
  MakeJob("check", Every(5));
  const int64_t t = NextMultiple(5);
  auto runner = NewRunner();
  runner->Tick(t - 1);
  api_.down = true;
  for (int64_t s = t; s < t + 17; ++s)
    runner->Tick(s);  // occurrences t, t+5, t+10, t+15 all missed
  EXPECT_TRUE(api_.created.empty());
  EXPECT_GE(api_.posts, 1);
  api_.down = false;
  runner->Tick(t + 17);
  runner->Tick(t + 18);
  runner->Tick(t + 19);
  ASSERT_EQ(api_.created.size(), 1u);
  EXPECT_EQ(api_.created[0].valid_from.Unix(), t + 17 - 60);  // fresh times
  auto ledger = ReadLedger(Job("check"));
  EXPECT_EQ((*ledger)->launched_occurrence, t + 15);
  runner->Tick(t + 20);
  EXPECT_EQ(api_.created.size(), 2u);
}

TEST_F(RunnerTest, ResultsAreWrittenAndGivenToThePlugin) {
  const std::string got = dir_.Sub("plugin-input.json");
  WriteFile(dir_.Sub("plugins/save"), "#!/bin/sh\ncat > " + got + "\n");
  chmod(dir_.Sub("plugins/save").c_str(), 0755);
  MakeJob("check", Every(10, "  plugin = save\n"));
  const int64_t t = NextMultiple(10);
  auto runner = NewRunner();
  runner->Tick(t - 1);
  runner->Tick(t);
  ASSERT_EQ(api_.created.size(), 1u);
  runner->Tick(t + 11);  // expired, but delayresults (2 s) not over
  EXPECT_TRUE(Results("check").empty());
  api_.down = true;  // results wait for the API
  runner->Tick(t + 12);
  EXPECT_TRUE(Results("check").empty());
  api_.down = false;
  runner->Tick(t + 15);
  auto files = Results("check");
  ASSERT_EQ(files.size(), 1u);
  char day[16];
  const time_t tt = t + 15;
  struct tm tm = {};
  gmtime_r(&tt, &tm);
  strftime(day, sizeof(day), "%Y%m%d", &tm);
  EXPECT_EQ(files[0].string(), Job("check") + "/results/" + day + "/1000.json");
  auto doc = nlohmann::json::parse(ReadFile(files[0].string()));
  EXPECT_EQ(doc["name"], "check");
  EXPECT_EQ(doc["plugin"], "save");
  EXPECT_EQ(doc["action"]["id"], 1000);
  EXPECT_EQ(doc["action"]["name"], "mig-runner: check");
  ASSERT_EQ(doc["commands"].size(), 1u);
  EXPECT_EQ(doc["commands"][0]["id"], 10000);
  EXPECT_EQ(nlohmann::json::parse(ReadFile(got)), doc);
  EXPECT_FALSE(fs::exists(InflightPath(Job("check"), 1000)));
  // Fetched once: the marker is gone, nothing is written again.
  fs::remove(got);
  runner->Tick(t + 16);
  EXPECT_FALSE(fs::exists(got));
}

TEST_F(RunnerTest, ARestartedRunnerStillCollectsAndAFailingPluginIsOnlyLogged) {
  WriteFile(dir_.Sub("plugins/fails"), "#!/bin/sh\ncat >/dev/null\nexit 3\n");
  chmod(dir_.Sub("plugins/fails").c_str(), 0755);
  WriteFile(dir_.Sub("plugins/hangs"), "#!/bin/sh\nsleep 30\n");
  chmod(dir_.Sub("plugins/hangs").c_str(), 0755);
  MakeJob("a", Every(10, "  plugin = fails\n"));
  MakeJob("b", Every(10, "  plugin = hangs\n"));
  config_.plugin_timeout = std::chrono::seconds(1);
  const int64_t t = NextMultiple(10);
  {
    auto runner = NewRunner();
    runner->Tick(t - 1);
    runner->Tick(t);
  }
  ASSERT_EQ(api_.created.size(), 2u);
  auto runner = NewRunner();
  const auto start = std::chrono::steady_clock::now();
  runner->Tick(t + 13);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_EQ(Results("a").size(), 1u);
  EXPECT_EQ(Results("b").size(), 1u);
}

TEST_F(RunnerTest, SendOnlyJobsKeepNoMarker) {
  MakeJob("fire", Every(10, "  sendonly = true\n"));
  const int64_t t = NextMultiple(10);
  auto runner = NewRunner();
  runner->Tick(t - 1);
  runner->Tick(t);
  ASSERT_EQ(api_.created.size(), 1u);
  EXPECT_FALSE(fs::exists(Job("fire") + "/inflight"));
  runner->Tick(t + 30);
  EXPECT_TRUE(Results("fire").empty());
}

TEST_F(RunnerTest, BadJobsAreSkippedAndTheOthersRun) {
  MakeJob("good", Every(10));
  MakeJob("badcron", "[configuration]\n  schedule = \"*/0 * * * *\"\n");
  MakeJob("badjson", Every(10), "{\"name\": ");
  MakeJob("badkey", Every(10, "  color = blue\n"));
  MakeJob("noplugin", Every(10, "  plugin = missing\n"));
  MakeJob("badaction", Every(10), R"({"name":"x","target":"","operations":[]})");
  fs::create_directories(Job("noaction"));
  WriteFile(Job("noaction") + "/entity.cfg", Every(10));
  MakeJob("big", Every(10), std::string(kMaxActionBytes + 1, ' '));
  // A job directory that is a link to somewhere else, and a bad name.
  TempDir elsewhere("mig-runner-elsewhere");
  WriteFile(elsewhere.Sub("entity.cfg"), Every(10));
  WriteFile(elsewhere.Sub("action.json"), kAction);
  fs::create_directory_symlink(elsewhere.path(), Job("linked"));
  MakeJob("bad name", Every(10));
  // A good job whose action.json is a link.
  MakeJob("linkedfile", Every(10));
  fs::remove(Job("linkedfile") + "/action.json");
  fs::create_symlink(elsewhere.Sub("action.json"), Job("linkedfile") + "/action.json");

  auto runner = NewRunner();
  const int64_t t = NextMultiple(10);
  runner->Tick(t - 1);
  EXPECT_EQ(runner->RunningJobs(), std::vector<std::string>{"good"});
  runner->Tick(t);
  ASSERT_EQ(api_.created.size(), 1u);
  EXPECT_EQ(api_.created[0].name, "mig-runner: good");
  // Fixing a job starts it at the next rescan.
  WriteFile(Job("badjson") + "/action.json", kAction);
  runner->Tick(t + 1);
  EXPECT_EQ(runner->RunningJobs(), (std::vector<std::string>{"badjson", "good"}));
}

TEST_F(RunnerTest, JobsFollowTheirFiles) {
  MakeJob("check", Every(10));
  auto runner = NewRunner();
  const int64_t t = NextMultiple(10);
  runner->Tick(t - 1);
  runner->Tick(t);
  ASSERT_EQ(api_.created.size(), 1u);
  // A changed entity.cfg restarts the job; its ledger still holds t.
  WriteFile(Job("check") + "/entity.cfg", Every(5));
  runner->Tick(t + 1);
  EXPECT_EQ(api_.created.size(), 1u);
  runner->Tick(t + 5);
  EXPECT_EQ(api_.created.size(), 2u);
  // Broken, the job stops; a new directory starts.
  WriteFile(Job("check") + "/entity.cfg", "[configuration]\n  schedule = nonsense\n");
  MakeJob("other", Every(5));
  runner->Tick(t + 6);
  EXPECT_EQ(runner->RunningJobs(), std::vector<std::string>{"other"});
  runner->Tick(t + 10);
  ASSERT_EQ(api_.created.size(), 3u);
  EXPECT_EQ(api_.created[2].name, "mig-runner: other");
  // Removed, it stops.
  fs::remove_all(Job("other"));
  runner->Tick(t + 11);
  EXPECT_TRUE(runner->RunningJobs().empty());
  runner->Tick(t + 15);
  EXPECT_EQ(api_.created.size(), 3u);
}

TEST_F(RunnerTest, ADamagedLedgerStopsItsJob) {
  MakeJob("check", Every(10));
  MakeJob("fine", Every(10));
  WriteFile(Job("check") + "/ledger.json", "{\"launched\": \"yesterday\"}");
  auto runner = NewRunner();
  const int64_t t = NextMultiple(10);
  runner->Tick(t - 1);
  EXPECT_EQ(runner->RunningJobs(), std::vector<std::string>{"fine"});
  auto ledger = ReadLedger(Job("check"));
  ASSERT_FALSE(ledger.ok());
  EXPECT_NE(ledger.error().find("damaged"), std::string::npos);
  runner->Tick(t);
  EXPECT_EQ(api_.created.size(), 1u);  // "fine" only
  // Once the operator removed it (as the error says), the job starts afresh.
  fs::remove(Job("check") + "/ledger.json");
  runner->Tick(t + 1);
  EXPECT_EQ(runner->RunningJobs(), (std::vector<std::string>{"check", "fine"}));
  runner->Tick(t + 10);
  EXPECT_EQ(api_.created.size(), 3u);
  WriteFile(Job("check") + "/ledger.json", std::string(kMaxLedgerBytes + 1, '{'));
  EXPECT_NE(ReadLedger(Job("check")).error().find("larger than"), std::string::npos);
}

TEST_F(RunnerTest, FindingsGoToTheJobsOutputs) {
  // A real syslog receiver on loopback UDP.
  int udp = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(udp, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(udp, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  socklen_t len = sizeof(addr);
  getsockname(udp, reinterpret_cast<sockaddr*>(&addr), &len);
  timeval tv{2, 0};
  setsockopt(udp, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  const std::string lines = dir_.Sub("findings.jsonl");
  MakeJob("ocsf", Every(10, "[output]\n  format = ocsf\n  file = " + lines +
                                "\n  syslog = udp://127.0.0.1:" +
                                std::to_string(ntohs(addr.sin_port)) + "\n"));
  MakeJob("ecs", Every(10, "[output]\n  format = ecs\n  file = " + dir_.Sub("ecs.jsonl") + "\n"));
  MakeJob("badformat", Every(10, "[output]\n  format = xml\n  file = /tmp/x\n"));
  MakeJob("badsyslog", Every(10, "[output]\n  syslog = ftp://127.0.0.1\n"));
  MakeJob("nowhere", Every(10, "[output]\n  format = ecs\n"));
  MakeJob("relative", Every(10, "[output]\n  file = findings.jsonl\n"));
  auto runner = NewRunner();
  const int64_t t = NextMultiple(10);
  runner->Tick(t - 1);
  EXPECT_EQ(runner->RunningJobs(), (std::vector<std::string>{"ecs", "ocsf"}));
  runner->Tick(t);
  runner->Tick(t + 13);
  ASSERT_EQ(Results("ocsf").size(), 1u);
  auto line = nlohmann::json::parse(ReadFile(lines));
  EXPECT_EQ(line["class_uid"], 2004);  // Detection Finding
  EXPECT_NE(line.dump().find("/etc/passwd"), std::string::npos);
  EXPECT_NE(line.dump().find("host1.example.net"), std::string::npos);
  char buf[65536];
  const ssize_t n = recv(udp, buf, sizeof(buf), 0);
  close(udp);
  ASSERT_GT(n, 0);
  const std::string datagram(buf, static_cast<size_t>(n));
  EXPECT_NE(datagram.find(" mig-runner "), std::string::npos) << datagram;
  EXPECT_NE(datagram.find("\"class_uid\":2004"), std::string::npos) << datagram;
  auto ecs = nlohmann::json::parse(ReadFile(dir_.Sub("ecs.jsonl")));
  EXPECT_TRUE(ecs.contains("@timestamp")) << ecs.dump();
  EXPECT_NE(ecs.dump().find("/etc/passwd"), std::string::npos);
}

TEST(RunnerJobSpec, ReadsEntityFields) {
  TempDir dir("mig-runner-spec");
  fs::create_directories(dir.Sub("runners/j"));
  fs::create_directories(dir.Sub("plugins"));
  WriteFile(dir.Sub("plugins/p"), "#!/bin/sh\n");
  chmod(dir.Sub("plugins/p").c_str(), 0755);
  WriteFile(dir.Sub("runners/j/entity.cfg"),
            "; a job\n[configuration]\n  schedule = \"0 */4 * * *\"\n  plugin = \"p\"\n"
            "  expiry = \"10m\"\n  sendonly = on\n");
  WriteFile(dir.Sub("runners/j/action.json"), kAction);
  auto job = LoadJob(dir.path(), "j");
  ASSERT_TRUE(job.ok()) << job.error();
  EXPECT_EQ(job->schedule.text(), "0 */4 * * *");
  EXPECT_EQ(job->plugin, "p");
  EXPECT_EQ(job->expiry_seconds, 600);
  EXPECT_TRUE(job->send_only);
  EXPECT_EQ(job->action.name, "mig-runner: j");

  auto error = [&](const std::string& entity) {
    WriteFile(dir.Sub("runners/j/entity.cfg"), entity);
    auto j = LoadJob(dir.path(), "j");
    EXPECT_FALSE(j.ok()) << entity;
    return j.ok() ? std::string() : j.error();
  };
  EXPECT_NE(error("[configuration]\n").find("schedule is missing"), std::string::npos);
  EXPECT_NE(error("[configuration]\n schedule = \"* * * * *\"\n expiry = 1y\n").find("expiry"),
            std::string::npos);
  EXPECT_NE(error("[configuration]\n schedule = \"* * * * *\"\n expiry = 0s\n").find("outside"),
            std::string::npos);
  EXPECT_NE(
      error("[configuration]\n schedule = \"* * * * *\"\n sendonly = maybe\n").find("sendonly"),
      std::string::npos);
  EXPECT_NE(
      error("[configuration]\n schedule = \"* * * * *\"\n plugin = ../../bin/sh\n").find("plugin"),
      std::string::npos);
  EXPECT_NE(error("[other]\n schedule = \"* * * * *\"\n").find("unknown key"), std::string::npos);
  EXPECT_NE(error(std::string(kMaxEntityBytes + 1, ';')).find("allowed"), std::string::npos);
  EXPECT_NE(error("[configuration\n").find("entity.cfg"), std::string::npos);
  EXPECT_FALSE(CheckJobName("../x").ok());
  EXPECT_FALSE(CheckJobName(".hidden").ok());
  EXPECT_FALSE(CheckJobName(std::string(65, 'a')).ok());
  EXPECT_FALSE(CheckJobName("a\nb").ok());
  EXPECT_TRUE(CheckJobName("daily-sshd_config.v2").ok());
}

TEST(RunnerExamples, TheDocumentedJobAndConfigurationLoad) {
  TempDir dir("mig-runner-example");
  fs::copy(test::SourceDir() + "/docs/examples/runner", dir.path(), fs::copy_options::recursive);
  auto job = LoadJob(dir.path(), "sshd-root-login");
  ASSERT_TRUE(job.ok()) << job.error();
  EXPECT_EQ(job->plugin, "count-findings");
  EXPECT_EQ(job->expiry_seconds, 600);
  ASSERT_TRUE(job->output.has_value());
  EXPECT_EQ(job->output->format, output::Format::kOcsf);
  // 02:30:00 UTC, every day.
  EXPECT_EQ(job->schedule.Next(1717200000), 1717209000);  // 2024-06-01 00:00 -> 02:30
  // The plugin reads a RunnerResult and exits 0.
  InflightAction f{"sshd-root-login", "count-findings", job->action};
  f.action.id = 42;
  const std::vector<Json> commands = {
      Json{{"agent", {{"name", "web1"}}}, {"results", Json::array({{{"foundanything", true}}})}}};
  EXPECT_TRUE(RunPlugin(dir.path(), "count-findings", RunnerResultJson(f, commands),
                        std::chrono::seconds(20))
                  .ok());
  EXPECT_FALSE(RunPlugin(dir.path(), "count-findings", "not json", std::chrono::seconds(20)).ok());
  auto cfg = LoadRunnerConfig(test::SourceDir() + "/packaging/config/runner.cfg");
  ASSERT_TRUE(cfg.ok()) << cfg.error();
  EXPECT_EQ(cfg->directory, "/var/lib/mig/runner");
  EXPECT_EQ(cfg->client_conf_path, "/etc/mig/runner.migrc");
}

TEST(RunnerConfigFile, ReadsAndRefuses) {
  auto parse = [](const std::string& text) {
    auto f = ConfigFile::Parse(text);
    EXPECT_TRUE(f.ok()) << f.error();
    return ParseRunnerConfig(*f);
  };
  auto c = parse(
      "[runner]\n directory = /srv/runner/\n checkdirectory = 5\n[client]\n"
      " clientconfpath = default\n passphrase = secret\n delayresults = 1m\n[logging]\n"
      " mode = file\n level = debug\n file = /tmp/r.log\n");
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->directory, "/srv/runner");
  EXPECT_EQ(c->check_directory.count(), 5);
  EXPECT_TRUE(c->client_conf_path.empty());
  EXPECT_EQ(c->passphrase, "secret");
  EXPECT_EQ(c->delay_results.count(), 60);
  EXPECT_EQ(c->log_file, "/tmp/r.log");
  EXPECT_EQ(parse("[runner]\n checkdirectory = 30s\n")->check_directory.count(), 30);
  EXPECT_NE(parse("[runner]\n checkdirectory = 0\n").error().find("outside"), std::string::npos);
  EXPECT_NE(
      parse("[runner]\n checkdirectory = 99999999999999999999\n").error().find("checkdirectory"),
      std::string::npos);
  EXPECT_NE(parse("[runner]\n directory = relative\n").error().find("absolute"), std::string::npos);
  EXPECT_NE(parse("[runner]\n colour = red\n").error().find("runner.colour"), std::string::npos);
}

}  // namespace
}  // namespace mig::runner
