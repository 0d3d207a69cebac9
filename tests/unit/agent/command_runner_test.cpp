#include "agent/command_runner.h"

#include <gtest/gtest.h>

#include "core/compression.h"
#include "core/documents_json.h"
#include "test_env.h"

namespace mig::agent {
namespace {

class FakeAuthorizer : public ActionAuthorizer {
 public:
  Status verdict = Status::Ok();
  Status Authorize(const Action&, const Time&) const override { return verdict; }
};

// Records what it was asked to run and answers per module name.
class FakeLauncher : public ModuleLauncher {
 public:
  mutable std::vector<std::pair<std::string, Json>> calls;
  mutable std::chrono::milliseconds last_timeout{0};
  bool Has(const std::string& m) const override { return m != "absent"; }
  OperationOutcome Launch(const std::string& m, const Json& p,
                          std::chrono::milliseconds timeout) const override {
    calls.emplace_back(m, p);
    last_timeout = timeout;
    OperationOutcome o;
    if (m == "crash") {
      o.error = "runModule() -> exit status 2";
    } else if (m == "slow") {
      o.kind = OperationOutcome::Kind::kTimedOut;
    } else {
      o.kind = OperationOutcome::Kind::kOk;
      o.result.success = true;
      o.result.found_anything = true;
    }
    return o;
  }
};

Command MakeCommand(std::vector<std::string> modules) {
  Command c;
  c.id = 7;
  c.action.name = "t";
  c.action.expire_after = Time::Now().AddSeconds(3600);
  c.action.operations = std::vector<Operation>{};
  for (auto& m : modules)
    c.action.operations->push_back({m, Json{{"k", m}}, false, false});
  return c;
}

TEST(CommandRunner, RunsEveryOperationInOrder) {
  FakeAuthorizer auth;
  FakeLauncher launcher;
  CommandRunner runner(auth, launcher, std::chrono::seconds(300));
  Command c = MakeCommand({"file", "netstat"});
  runner.Run(c);
  EXPECT_EQ(c.status, "success");
  ASSERT_EQ(c.results.size(), 2u);
  EXPECT_TRUE(c.results[0].found_anything);
  ASSERT_EQ(launcher.calls.size(), 2u);
  EXPECT_EQ(launcher.calls[1].first, "netstat");
  EXPECT_EQ(launcher.calls[1].second, (Json{{"k", "netstat"}}));
}

TEST(CommandRunner, RejectionFailsEveryOperationWithTheReason) {
  FakeAuthorizer auth;
  auth.verdict = Status::Error("signature 1 of action 3 is not valid: bad signature");
  FakeLauncher launcher;
  CommandRunner runner(auth, launcher, std::chrono::seconds(300));
  Command c = MakeCommand({"file", "ping"});
  runner.Run(c);
  EXPECT_EQ(c.status, "failed");
  ASSERT_EQ(c.results.size(), 2u);
  for (const auto& r : c.results) {
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_NE(r.errors[0].find("bad signature"), std::string::npos);
  }
  EXPECT_TRUE(launcher.calls.empty());  // nothing ran
}

TEST(CommandRunner, ReplayedActionFailsWithTheReasonAndRunsNothing) {
  test::TempDir dir;
  auto ledger = ActionLedger::Open(dir.path());
  ASSERT_TRUE(ledger.ok()) << ledger.error();
  FakeAuthorizer auth;
  FakeLauncher launcher;
  CommandRunner runner(auth, launcher, std::chrono::seconds(300), ledger->get());
  // A refused action is not recorded: it may run once it is authorized.
  auth.verdict = Status::Error("not now");
  Command refused = MakeCommand({"file"});
  runner.Run(refused);
  EXPECT_EQ((*ledger)->size(), 0u);
  auth.verdict = Status::Ok();
  Command first = MakeCommand({"file", "netstat"});
  runner.Run(first);
  EXPECT_EQ(first.status, "success");
  ASSERT_EQ(launcher.calls.size(), 2u);
  // The same signed action in a new command (and a new action id).
  Command replay = first;
  replay.id = 8;
  replay.action.id = 12;
  runner.Run(replay);
  EXPECT_EQ(replay.status, "failed");
  ASSERT_EQ(replay.results.size(), 2u);
  for (const auto& r : replay.results) {
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_NE(r.errors[0].find("replay refused: signed action \"t\" was already run on this agent"),
              std::string::npos)
        << r.errors[0];
    EXPECT_FALSE(r.found_anything);
  }
  EXPECT_EQ(launcher.calls.size(), 2u);  // nothing ran again
}

TEST(CommandRunner, FirstNonSuccessStatusWins) {
  FakeAuthorizer auth;
  FakeLauncher launcher;
  CommandRunner runner(auth, launcher, std::chrono::seconds(300));
  Command c = MakeCommand({"file", "slow", "crash", "absent"});
  runner.Run(c);
  EXPECT_EQ(c.status, "timeout");
  EXPECT_TRUE(c.results[0].success);
  EXPECT_TRUE(c.results[1].errors.empty());  // a timeout adds no text
  EXPECT_EQ(c.results[2].errors, std::vector<std::string>{"runModule() -> exit status 2"});
  EXPECT_EQ(c.results[3].errors, std::vector<std::string>{"module 'absent' is not available"});

  Command d = MakeCommand({"absent", "slow"});
  runner.Run(d);
  EXPECT_EQ(d.status, "failed");
}

TEST(CommandRunner, DecompressesParametersBeforeLaunch) {
  FakeAuthorizer auth;
  FakeLauncher launcher;
  CommandRunner runner(auth, launcher, std::chrono::seconds(300));
  Command c = MakeCommand({"file"});
  Json params = {{"searches", {{"s1", {{"paths", {"/etc"}}}}}}};
  (*c.action.operations)[0].parameters = params;
  CompressOperation((*c.action.operations)[0]);
  ASSERT_TRUE((*c.action.operations)[0].is_compressed);
  runner.Run(c);
  ASSERT_EQ(launcher.calls.size(), 1u);
  EXPECT_EQ(launcher.calls[0].second, params);

  Command bad = MakeCommand({"file"});
  (*bad.action.operations)[0].parameters = "!!!not base64";
  (*bad.action.operations)[0].is_compressed = true;
  runner.Run(bad);
  EXPECT_EQ(bad.status, "failed");
  ASSERT_EQ(bad.results[0].errors.size(), 1u);
  EXPECT_NE(bad.results[0].errors[0].find("cannot decompress"), std::string::npos);
}

TEST(CommandRunner, TimeLimitIsCappedByExpiry) {
  FakeAuthorizer auth;
  FakeLauncher launcher;
  CommandRunner runner(auth, launcher, std::chrono::seconds(300));
  Command c = MakeCommand({"file"});
  c.action.expire_after = Time::Now().AddSeconds(20);
  runner.Run(c);
  EXPECT_LE(launcher.last_timeout, std::chrono::milliseconds(20'000));
  EXPECT_GE(launcher.last_timeout, std::chrono::milliseconds(18'000));
}

// Answers what a file and a netstat child print when they find something.
class FindingLauncher : public ModuleLauncher {
 public:
  bool Has(const std::string&) const override { return true; }
  OperationOutcome Launch(const std::string& m, const Json&,
                          std::chrono::milliseconds) const override {
    OperationOutcome o;
    if (m == "crash") {
      o.error = "runModule() -> exit status 2";
      return o;
    }
    o.kind = OperationOutcome::Kind::kOk;
    o.result.success = o.result.found_anything = true;
    if (m == "file") {
      o.result.elements = OrderedJson::parse(R"({"s1":[{"file":"/home/alice/secret.txt"}]})");
      o.result.errors = {"open /home/bob/diary: permission denied"};
    } else {
      o.result.elements = OrderedJson::parse(
          R"({"connectedip":{"10.0.0.0/8":[{"localaddr":"10.1.1.1","remoteaddr":"10.2.2.2"}]}})");
    }
    return o;
  }
};

TEST(CommandRunner, ExtraPrivacyModeMasksEveryModuleResult) {
  FakeAuthorizer auth;
  FindingLauncher launcher;
  for (bool privacy : {false, true}) {
    CommandRunner runner(auth, launcher, std::chrono::seconds(300), nullptr, privacy);
    Command c = MakeCommand({"file", "netstat", "crash"});
    runner.Run(c);
    ASSERT_EQ(c.results.size(), 3u);
    const auto& file = c.results[0];
    const auto& net = c.results[1].elements["connectedip"]["10.0.0.0/8"][0];
    EXPECT_EQ(file.elements["s1"][0]["file"], privacy ? "masked" : "/home/alice/secret.txt");
    EXPECT_EQ(file.errors[0], privacy ? "masked" : "open /home/bob/diary: permission denied");
    EXPECT_EQ(net["remoteaddr"], privacy ? "masked" : "10.2.2.2");
    EXPECT_EQ(net["localaddr"], "10.1.1.1");  // netstat's hook masks the peer only
    EXPECT_TRUE(file.found_anything);         // found, but not what
    // The agent's own errors are not module output: kept.
    EXPECT_EQ(c.results[2].errors, std::vector<std::string>{"runModule() -> exit status 2"});
  }
}

// [agent] maxresultsize: the scheduler drops a larger message, so the
// agent sends an error in place of the results that make it too large,
// largest first, and keeps the others.
TEST(CommandRunner, ResultsOverMaxResultSizeBecomeAnError) {
  Command cmd;
  cmd.id = 7;
  cmd.status = "success";
  ModuleResult small, big, medium;
  small.success = big.success = medium.success = true;
  small.elements = OrderedJson{{"file", "/etc/hosts"}};
  big.elements = OrderedJson{{"blob", std::string(200000, 'b')}};
  medium.elements = OrderedJson{{"blob", std::string(50000, 'm')}};
  cmd.results = {small, big, medium};
  Command untouched = cmd;
  int replaced = -1;
  std::string fits = CommandRunner::EncodeWithin(untouched, 1u << 20, &replaced);
  EXPECT_EQ(replaced, 0);
  EXPECT_EQ(untouched.status, "success");
  EXPECT_GT(fits.size(), 250000u);

  std::string body = CommandRunner::EncodeWithin(cmd, 100000, &replaced);
  EXPECT_LE(body.size(), 100000u);
  EXPECT_EQ(replaced, 1) << "only the largest had to go";
  EXPECT_EQ(cmd.status, "failed");
  ASSERT_EQ(cmd.results.size(), 3u);
  EXPECT_EQ(cmd.results[0].elements, small.elements);
  EXPECT_EQ(cmd.results[2].elements, medium.elements);
  ASSERT_EQ(cmd.results[1].errors.size(), 1u);
  EXPECT_NE(cmd.results[1].errors[0].find("larger than the agent's [agent] maxresultsize (100000"),
            std::string::npos)
      << cmd.results[1].errors[0];
  EXPECT_TRUE(cmd.results[1].elements.is_null());
  auto back = ParseCommand(body);
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(back->results.size(), 3u);
}

}  // namespace
}  // namespace mig::agent
