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

// Issue 13, finding 10: what one result and one batch may hold.
TEST(SchedulerConfig, MaxResultSizeAndBatchBytes) {
  auto none = ConfigFile::Parse("[mq]\nhost = relay\n");
  ASSERT_TRUE(none.ok());
  auto c = ParseSchedulerConfig(*none);
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->relay.max_body_bytes, 16u << 20);
  EXPECT_EQ(c->batch_bytes, 32u << 20);

  auto set = ConfigFile::Parse("[mq]\nmaxresultsize = 1048576\nbatchbytes = 4194304\n");
  ASSERT_TRUE(set.ok());
  c = ParseSchedulerConfig(*set);
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->relay.max_body_bytes, 1048576u);
  EXPECT_EQ(c->batch_bytes, 4194304u);

  for (const char* bad :
       {"[mq]\nmaxresultsize = 16MB\n", "[mq]\nmaxresultsize = 10\n", "[mq]\nbatchbytes = -1\n"}) {
    auto f = ConfigFile::Parse(bad);
    ASSERT_TRUE(f.ok());
    auto r = ParseSchedulerConfig(*f);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.error().find("not a whole number of bytes"), std::string::npos) << r.error();
  }
}

}  // namespace
}  // namespace mig::scheduler
