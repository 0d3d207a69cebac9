#include "scheduler/sender_check.h"

#include <gtest/gtest.h>

namespace mig::scheduler {
namespace {

const std::string kAgent = "linux.aaaa";
const std::string kOther = "linux.bbbb";

TEST(SenderCheck, UserIdMustBeTheAgentItSpeaksFor) {
  SenderPolicy strict;
  EXPECT_TRUE(CheckSender(kAgent, kAgent, true, strict).ok());
  EXPECT_TRUE(CheckSender(kAgent, kAgent, false, strict).ok());
  Status forged = CheckSender(kOther, kAgent, true, strict);
  ASSERT_FALSE(forged.ok());
  EXPECT_NE(forged.message().find("sent by relay user \"linux.bbbb\""), std::string::npos)
      << forged.message();
  EXPECT_FALSE(CheckSender(std::string("scheduler"), kAgent, false, {true}).ok());
}

TEST(SenderCheck, NoUserIdNeedsTheSharedAccountSetting) {
  Status refused = CheckSender(std::nullopt, kAgent, false, SenderPolicy{});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("acceptsharedaccount is off"), std::string::npos);
  EXPECT_TRUE(CheckSender(std::nullopt, kAgent, false, SenderPolicy{true}).ok());
}

TEST(SenderCheck, AnEnrolledAgentIsNeverSpokenForWithoutItsUserId) {
  Status forged = CheckSender(std::nullopt, kAgent, true, SenderPolicy{true});
  ASSERT_FALSE(forged.ok());
  EXPECT_NE(forged.message().find("has its own relay identity"), std::string::npos);
}

}  // namespace
}  // namespace mig::scheduler
