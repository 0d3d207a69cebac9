#include "scheduler/config.h"

#include <gtest/gtest.h>

namespace mig::scheduler {
namespace {

TEST(SchedulerConfig, SharedRelayAccountIsRefusedUnlessAsked) {
  auto none = ConfigFile::Parse("[agent]\ntimeout = 20m\n");
  ASSERT_TRUE(none.ok());
  auto c = ParseSchedulerConfig(*none);
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_FALSE(c->accept_shared_account);

  auto on = ConfigFile::Parse("[agent]\nacceptsharedaccount = on\n");
  ASSERT_TRUE(on.ok());
  c = ParseSchedulerConfig(*on);
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_TRUE(c->accept_shared_account);

  auto bad = ConfigFile::Parse("[agent]\nacceptsharedaccount = sometimes\n");
  ASSERT_TRUE(bad.ok());
  EXPECT_FALSE(ParseSchedulerConfig(*bad).ok());
}

}  // namespace
}  // namespace mig::scheduler
