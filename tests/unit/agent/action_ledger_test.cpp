#include "agent/action_ledger.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "test_env.h"

namespace mig::agent {
namespace {

namespace fs = std::filesystem;

Action MakeAction(const std::string& name, int64_t expire_unix) {
  Action a;
  a.name = name;
  a.target = "status='online'";
  a.valid_from = Time::FromUnix(expire_unix - 3600);
  a.expire_after = Time::FromUnix(expire_unix);
  a.operations = std::vector<Operation>{{"file", Json::object(), false, false}};
  a.pgp_signatures = {"sig"};
  return a;
}

constexpr int64_t kNow = 1'800'000'000;

TEST(ActionLedger, RunsAnActionOnceWhateverWrapsIt) {
  test::TempDir dir;
  auto ledger = ActionLedger::Open(dir.Sub("ran"), 10, Time::FromUnix(kNow));
  ASSERT_TRUE(ledger.ok()) << ledger.error();
  Action a = MakeAction("a", kNow + 600);
  auto v = (*ledger)->Record(a, Time::FromUnix(kNow));
  ASSERT_TRUE(v.ok()) << v.error();
  EXPECT_EQ(*v, ActionLedger::Verdict::kFirstRun);
  // Another action id, more signatures: the same signed action.
  a.id = 99;
  a.pgp_signatures.push_back("another");
  v = (*ledger)->Record(a, Time::FromUnix(kNow + 1));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, ActionLedger::Verdict::kAlreadyRun);
  // Anything signed differently is new.
  v = (*ledger)->Record(MakeAction("b", kNow + 600), Time::FromUnix(kNow));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, ActionLedger::Verdict::kFirstRun);
  EXPECT_EQ((*ledger)->size(), 2u);
  const std::string entry = dir.Sub("ran/" + ActionLedger::Key(a));
  EXPECT_EQ(test::ReadFile(entry),
            std::to_string(kNow + 600 + ActionLedger::kRetentionSlackSeconds) + "\n");
}

TEST(ActionLedger, SurvivesARestart) {
  test::TempDir dir;
  const Action a = MakeAction("a", kNow + 600);
  {
    auto ledger = ActionLedger::Open(dir.path(), 10, Time::FromUnix(kNow));
    ASSERT_TRUE(ledger.ok());
    ASSERT_EQ(*(*ledger)->Record(a, Time::FromUnix(kNow)), ActionLedger::Verdict::kFirstRun);
  }
  test::WriteFile(dir.Sub(ActionLedger::Key(a) + ".tmp"), "12");  // a write cut short
  auto reopened = ActionLedger::Open(dir.path(), 10, Time::FromUnix(kNow + 60));
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ((*reopened)->size(), 1u);
  EXPECT_EQ(*(*reopened)->Record(a, Time::FromUnix(kNow + 60)), ActionLedger::Verdict::kAlreadyRun);
  EXPECT_FALSE(fs::exists(dir.Sub(ActionLedger::Key(a) + ".tmp")));
}

TEST(ActionLedger, ForgetsActionsOnlyAfterTheyExpire) {
  test::TempDir dir;
  const Action a = MakeAction("a", kNow + 600);
  auto ledger = ActionLedger::Open(dir.path(), 10, Time::FromUnix(kNow));
  ASSERT_TRUE(ledger.ok());
  ASSERT_EQ(*(*ledger)->Record(a, Time::FromUnix(kNow)), ActionLedger::Verdict::kFirstRun);
  const int64_t keep = kNow + 600 + ActionLedger::kRetentionSlackSeconds;
  // Just before the end of its retention a reopened ledger still knows it.
  auto before = ActionLedger::Open(dir.path(), 10, Time::FromUnix(keep));
  ASSERT_TRUE(before.ok());
  EXPECT_EQ((*before)->size(), 1u);
  auto after = ActionLedger::Open(dir.path(), 10, Time::FromUnix(keep + 1));
  ASSERT_TRUE(after.ok());
  EXPECT_EQ((*after)->size(), 0u);
  EXPECT_FALSE(fs::exists(dir.Sub(ActionLedger::Key(a))));
}

TEST(ActionLedger, WhenFullPrunesExpiredThenRefusesRatherThanForget) {
  test::TempDir dir;
  auto ledger = ActionLedger::Open(dir.path(), 3, Time::FromUnix(kNow));
  ASSERT_TRUE(ledger.ok());
  auto& l = **ledger;
  ASSERT_EQ(*l.Record(MakeAction("short", kNow + 10), Time::FromUnix(kNow)),
            ActionLedger::Verdict::kFirstRun);
  ASSERT_EQ(*l.Record(MakeAction("long1", kNow + 86400), Time::FromUnix(kNow)),
            ActionLedger::Verdict::kFirstRun);
  ASSERT_EQ(*l.Record(MakeAction("long2", kNow + 86400), Time::FromUnix(kNow)),
            ActionLedger::Verdict::kFirstRun);
  // Full, nothing expired: refused, and every entry kept.
  auto v = l.Record(MakeAction("new", kNow + 600), Time::FromUnix(kNow + 60));
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.error().find("the action ledger is full (3 signed actions"), std::string::npos)
      << v.error();
  EXPECT_EQ(l.size(), 3u);
  // Once "short" expired it makes room for one more.
  const Time later = Time::FromUnix(kNow + 10 + ActionLedger::kRetentionSlackSeconds + 1);
  v = l.Record(MakeAction("new", kNow + 86400), later);
  ASSERT_TRUE(v.ok()) << v.error();
  EXPECT_EQ(*v, ActionLedger::Verdict::kFirstRun);
  EXPECT_EQ(l.size(), 3u);
  EXPECT_FALSE(fs::exists(dir.Sub(ActionLedger::Key(MakeAction("short", kNow + 10)))));
  EXPECT_EQ(*l.Record(MakeAction("long1", kNow + 86400), later),
            ActionLedger::Verdict::kAlreadyRun);
}

TEST(ActionLedger, UnreadableEntryStillCountsAsRun) {
  test::TempDir dir;
  const Action a = MakeAction("a", kNow + 600);
  test::WriteFile(dir.Sub(ActionLedger::Key(a)), "garbage");
  auto ledger = ActionLedger::Open(dir.path(), 10, Time::Now());
  ASSERT_TRUE(ledger.ok());
  EXPECT_EQ(*(*ledger)->Record(a, Time::Now()), ActionLedger::Verdict::kAlreadyRun);
}

// Fail closed: a ledger that cannot write refuses to let anything run. Root
// writes through a read-only mode, so the writer is `nobody` in a child.
TEST(ActionLedger, ReadOnlyDirectoryRefusesToRecord) {
  test::TempDir dir;
  ASSERT_EQ(chmod(dir.path().c_str(), 0755), 0);
  const std::string ran = dir.Sub("ran");
  ASSERT_TRUE(fs::create_directory(ran));
  ASSERT_EQ(chmod(ran.c_str(), 0555), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) _exit(10);
    auto ledger = ActionLedger::Open(ran, 10, Time::FromUnix(kNow));
    if (!ledger.ok()) _exit(11);
    auto v = (*ledger)->Record(MakeAction("a", kNow + 600), Time::FromUnix(kNow));
    if (v.ok()) _exit(12);
    if (v.error().find("cannot record the action in the action ledger, so it does not run") ==
        std::string::npos)
      _exit(13);
    if ((*ledger)->size() != 0) _exit(14);
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "10 setuid, 11 open, 12 recorded, 13 message, 14 size";
  EXPECT_TRUE(fs::is_empty(ran));
  chmod(ran.c_str(), 0755);
}

TEST(ActionLedger, UncreatableDirectoryIsAnError) {
  test::TempDir dir;
  test::WriteFile(dir.Sub("file"), "");
  auto ledger = ActionLedger::Open(dir.Sub("file/ran"));
  ASSERT_FALSE(ledger.ok());
  EXPECT_NE(ledger.error().find("cannot create the action ledger"), std::string::npos);
}

}  // namespace
}  // namespace mig::agent
