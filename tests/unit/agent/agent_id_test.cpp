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

namespace mig::agent {
namespace {

TEST(AgentIdentity, PersistsIdAndSecretPrivately) {
  test::TempDir dir;
  const std::string run = dir.Sub("run");
  auto first = LoadOrCreateAgentIdentity(run);
  ASSERT_TRUE(first.ok()) << first.error();
  EXPECT_TRUE(IsValidAgentId(first->id));
  EXPECT_EQ(first->secret.size(), 64u);
  auto again = LoadOrCreateAgentIdentity(run);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->id, first->id);
  EXPECT_EQ(again->secret, first->secret);
  struct stat st {};
  ASSERT_EQ(stat((run + "/.migagtsecret").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0400u);
  // The plain id loader agrees with it.
  EXPECT_EQ(*LoadOrCreateAgentId(run), first->id);
}

TEST(AgentIdentity, LostSecretMeansANewIdentity) {
  test::TempDir dir;
  const std::string run = dir.Sub("run");
  auto first = LoadOrCreateAgentIdentity(run);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(unlink((run + "/.migagtsecret").c_str()), 0);
  auto second = LoadOrCreateAgentIdentity(run);
  ASSERT_TRUE(second.ok());
  EXPECT_NE(second->id, first->id) << "an enrolled id without its secret is locked out";
  EXPECT_NE(second->secret, first->secret);

  chmod((run + "/.migagtsecret").c_str(), 0600);
  test::WriteFile(run + "/.migagtsecret", "not-hex");
  auto third = LoadOrCreateAgentIdentity(run);
  ASSERT_TRUE(third.ok());
  EXPECT_NE(third->id, second->id);
}

TEST(AgentIdentity, SwitchingFromSharedToOwnAccountStartsANewIdentity) {
  // An id made for MIG's shared account has no secret: switching to an own
  // account starts a new identity rather than claiming the old name.
  test::TempDir dir;
  const std::string run = dir.Sub("run");
  auto shared = LoadOrCreateAgentId(run);
  ASSERT_TRUE(shared.ok());
  auto own = LoadOrCreateAgentIdentity(run);
  ASSERT_TRUE(own.ok());
  EXPECT_NE(own->id, *shared);
}

}  // namespace
}  // namespace mig::agent
