#include "agent/journal.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "test_env.h"

namespace mig::agent {
namespace {

TEST(Journal, TracksCommandsFromReceiptToAnswer) {
  test::TempDir dir;
  auto j = Journal::Open(dir.path());
  ASSERT_TRUE(j.ok()) << j.error();
  EXPECT_FALSE(j->Seen(42));
  ASSERT_TRUE(j->Begin(42, R"({"id":42})").ok());
  ASSERT_TRUE(j->Begin(43, R"({"id":43})").ok());
  EXPECT_TRUE(j->Seen(42));
  ASSERT_TRUE(j->Finish(42).ok());
  EXPECT_TRUE(j->Seen(42));  // a redelivery of 42 is recognised

  // A new process sees only the unanswered command.
  auto reopened = Journal::Open(dir.path());
  ASSERT_TRUE(reopened.ok());
  auto unfinished = reopened->Unfinished();
  ASSERT_EQ(unfinished.size(), 1u);
  EXPECT_EQ(unfinished[0].command_id, 43);
  EXPECT_EQ(unfinished[0].body, R"({"id":43})");
}

TEST(Journal, IgnoresHalfWrittenFiles) {
  test::TempDir dir;
  auto j = Journal::Open(dir.path());
  ASSERT_TRUE(j.ok());
  test::WriteFile(dir.Sub("inflight/7.json.tmp"), "partial");
  test::WriteFile(dir.Sub("inflight/garbage.json"), "x");
  EXPECT_TRUE(j->Unfinished().empty());
}

TEST(Journal, PrunesOldMarkers) {
  test::TempDir dir;
  auto j = Journal::Open(dir.path());
  ASSERT_TRUE(j.ok());
  ASSERT_TRUE(j->Finish(5).ok());
  j->Prune(std::chrono::seconds(3600));
  EXPECT_TRUE(j->Seen(5));
  std::filesystem::last_write_time(
      dir.Sub("done/5"), std::filesystem::file_time_type::clock::now() - std::chrono::hours(48));
  j->Prune(std::chrono::seconds(3600));
  EXPECT_FALSE(j->Seen(5));
}

TEST(Journal, UnwritableDirectoryIsAnError) {
  EXPECT_FALSE(Journal::Open("/proc/mig-journal").ok());
}

}  // namespace
}  // namespace mig::agent
