// A respond action end to end: signed actions go through the store, a real
// mig-scheduler, the private RabbitMQ and a real mig-agent whose `process`
// module acts on a real process of this test. The agent's ACL wants two
// investigators for respond modules; one investigator is enough for
// investigations. Each test runs on SQLite and on PostgreSQL.
#include <unistd.h>

#include <string>

#include <gtest/gtest.h>

#include "spawned_process.h"
#include "stack.h"
#include "test_env.h"

namespace mig::test {
namespace {

class RespondEndToEnd : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ASSERT_NE(SharedPlatform::Get().relay, nullptr);
    stack_ = std::make_unique<Stack>(GetParam());
    const auto& p = SharedPlatform::Get();
    const std::string first = R"("e2e":{"fingerprint":")" + p.fingerprint + R"(","weight":1})";
    const std::string second =
        R"("second":{"fingerprint":")" + p.second_fingerprint + R"(","weight":1})";
    stack_->SetAgentAcl(R"({"default":{"minimumweight":1,"investigators":{)" + first +
                        R"(}},"respond":{"minimumweight":2,"investigators":{)" + first + "," +
                        second + "}}}");
    stack_->StartScheduler();
    stack_->StartAgent("team:red");
    ASSERT_TRUE(stack_->WaitForAgents(1));
    // A process only this test runs: a copy of sleep under a name of its own.
    victim_name_ = "mig-e2e-victim-" + std::to_string(getpid());
    const std::string exe = dir_.Sub(victim_name_);
    CopySleep(exe);
    victim_ = std::make_unique<SpawnedProcess>(std::vector<std::string>{exe, "300"});
    ASSERT_TRUE(victim_->started());
  }

  Action KillVictim(bool dryrun, int lifetime_s = 120) {
    Json params{{"name", "^" + victim_name_ + "$"}, {"signal", "kill"}};
    if (dryrun) params["dryrun"] = true;
    return stack_->MakeAction("tags->>'team' = 'red'", {{"process", params}}, lifetime_s);
  }

  // The one command of a completed action.
  Command Run(const Action& action) {
    const Id id = stack_->Submit(action);
    stack_->WaitForAction(id, {"completed"});
    auto commands = stack_->Commands(id);
    EXPECT_EQ(commands.size(), 1u);
    return commands.empty() ? Command{} : commands[0];
  }

  static std::string Errors(const Command& c) {
    std::string all;
    for (const ModuleResult& r : c.results)
      for (const std::string& e : r.errors)
        all += e + "\n";
    return all;
  }

  bool VictimAlive() { return victim_->WaitExit(0) == -1; }

  TempDir dir_{"mig-e2e-respond"};
  std::unique_ptr<Stack> stack_;
  std::string victim_name_;
  std::unique_ptr<SpawnedProcess> victim_;
};

TEST_P(RespondEndToEnd, OneSignatureIsRefusedWithTheReason) {
  const Command c = Run(KillVictim(/*dryrun=*/false));
  EXPECT_EQ(c.status, "failed");
  EXPECT_NE(Errors(c).find("permission denied for respond operation process (ACL entry respond), "
                           "insufficient signatures weight (need 2, got 1)"),
            std::string::npos)
      << Errors(c) << stack_->Logs();
  EXPECT_TRUE(VictimAlive());
}

TEST_P(RespondEndToEnd, TwoSignaturesRunItOnceAndAReplayIsRefused) {
  Action kill = KillVictim(/*dryrun=*/false);
  Stack::SignByTwo(kill);
  const Command c = Run(kill);
  EXPECT_EQ(c.status, "success") << Errors(c) << stack_->Logs();
  ASSERT_EQ(c.results.size(), 1u);
  EXPECT_TRUE(c.results[0].found_anything);
  EXPECT_NE(c.results[0].elements.dump().find(std::to_string(victim_->pid())), std::string::npos)
      << c.results[0].elements.dump();
  EXPECT_NE(victim_->WaitExit(5000), -1) << "the process survived the respond action";

  // The same signed action again, as an attacker on the relay or the API
  // would re-submit it: refused by the agent, the module does not run.
  const Command replay = Run(kill);
  EXPECT_EQ(replay.status, "failed");
  EXPECT_NE(Errors(replay).find("replay refused"), std::string::npos) << Errors(replay);
}

TEST_P(RespondEndToEnd, DryRunReportsAndChangesNothing) {
  Action dry = KillVictim(/*dryrun=*/true);
  Stack::SignByTwo(dry);
  const Command c = Run(dry);
  EXPECT_EQ(c.status, "success") << Errors(c) << stack_->Logs();
  ASSERT_EQ(c.results.size(), 1u);
  const std::string elements = c.results[0].elements.dump();
  EXPECT_NE(elements.find(std::to_string(victim_->pid())), std::string::npos) << elements;
  EXPECT_NE(elements.find("dryrun"), std::string::npos) << elements;
  EXPECT_TRUE(VictimAlive());
}

TEST_P(RespondEndToEnd, AWindowLongerThanTheAgentAllowsIsRefused) {
  Action long_lived = KillVictim(/*dryrun=*/false, /*lifetime_s=*/3 * 3600);
  Stack::SignByTwo(long_lived);
  const Command c = Run(long_lived);
  EXPECT_EQ(c.status, "failed");
  EXPECT_NE(Errors(c).find("respond operation process refused"), std::string::npos) << Errors(c);
  EXPECT_TRUE(VictimAlive());
}

// The other two respond modules through the same path, as dry runs and bad
// input: the host running the suite is not changed.
TEST_P(RespondEndToEnd, FirewallAndAccountDryRunsAndBadInputComeBack) {
  const std::string before = RunShell("nft list table inet mig 2>&1").output;
  Action block = stack_->MakeAction(
      "tags->>'team' = 'red'",
      {{"firewall", Json{{"operation", "block"}, {"address", "192.0.2.77"}, {"dryrun", true}}}});
  Stack::SignByTwo(block);
  const Command blocked = Run(block);
  EXPECT_EQ(blocked.status, "success") << Errors(blocked) << stack_->Logs();
  ASSERT_EQ(blocked.results.size(), 1u);
  const std::string commands = blocked.results[0].elements.dump();
  EXPECT_NE(commands.find("192.0.2.77"), std::string::npos) << commands;
  EXPECT_EQ(RunShell("nft list table inet mig 2>&1").output, before)
      << "a dry run changed nftables";

  Action lock = stack_->MakeAction(
      "tags->>'team' = 'red'", {{"account", Json{{"lock", "mig-no-such-user"}, {"dryrun", true}}}});
  lock.name += " (account)";
  Stack::SignByTwo(lock);
  const Command locked = Run(lock);
  EXPECT_EQ(locked.status, "success") << "a module error is a result, not a failed command";
  ASSERT_EQ(locked.results.size(), 1u);
  EXPECT_FALSE(locked.results[0].success);
  EXPECT_NE(Errors(locked).find("mig-no-such-user"), std::string::npos) << Errors(locked);

  // The agent goes on: the next respond action runs.
  Action dry = KillVictim(/*dryrun=*/true);
  Stack::SignByTwo(dry);
  EXPECT_EQ(Run(dry).status, "success");
  EXPECT_TRUE(VictimAlive());
}

INSTANTIATE_TEST_SUITE_P(Stores, RespondEndToEnd, ::testing::Values("sqlite", "postgres"),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace mig::test
