#include "agent/agent_id.h"

#include <sys/stat.h>

#include <set>

#include <gtest/gtest.h>

#include "test_env.h"

namespace mig::agent {
namespace {

TEST(AgentId, NewIdsAreLongAlphanumericAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string id = NewAgentId();
    EXPECT_TRUE(IsValidAgentId(id)) << id;
    EXPECT_EQ(id.size(), 96u);
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(AgentId, ValidationFollowsTheSpec) {
  EXPECT_FALSE(IsValidAgentId(std::string(79, 'a')));
  EXPECT_TRUE(IsValidAgentId(std::string(80, 'a')));
  EXPECT_FALSE(IsValidAgentId(std::string(79, 'a') + "-"));
}

TEST(AgentId, PersistsAcrossLoadsAndReplacesInvalidFiles) {
  test::TempDir dir;
  const std::string run = dir.Sub("run");
  auto first = LoadOrCreateAgentId(run);
  ASSERT_TRUE(first.ok()) << first.error();
  auto second = LoadOrCreateAgentId(run);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*first, *second);
  struct stat st {};
  ASSERT_EQ(stat((run + "/.migagtid").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0400u);

  chmod((run + "/.migagtid").c_str(), 0600);
  test::WriteFile(run + "/.migagtid", "too-short");
  auto third = LoadOrCreateAgentId(run);
  ASSERT_TRUE(third.ok());
  EXPECT_NE(*third, *first);
  EXPECT_TRUE(IsValidAgentId(*third));
}

TEST(AgentId, UnwritableRunDirIsAnError) {
  auto id = LoadOrCreateAgentId("/proc/mig-cannot-exist");
  EXPECT_FALSE(id.ok());
}

}  // namespace
}  // namespace mig::agent
