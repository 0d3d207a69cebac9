#include "relay/backoff.h"

#include <gtest/gtest.h>

namespace mig::relay {
namespace {

using std::chrono::milliseconds;

TEST(Backoff, GrowsExponentiallyUpToTheCapWithoutJitter) {
  Backoff b(BackoffPolicy{milliseconds(100), milliseconds(1000), 2.0, 0.0}, 1);
  EXPECT_EQ(b.Next(), milliseconds(100));
  EXPECT_EQ(b.Next(), milliseconds(200));
  EXPECT_EQ(b.Next(), milliseconds(400));
  EXPECT_EQ(b.Next(), milliseconds(800));
  EXPECT_EQ(b.Next(), milliseconds(1000));
  EXPECT_EQ(b.Next(), milliseconds(1000));
  EXPECT_EQ(b.attempts(), 6);
}

TEST(Backoff, ResetStartsOver) {
  Backoff b(BackoffPolicy{milliseconds(100), milliseconds(1000), 2.0, 0.0}, 1);
  b.Next();
  b.Next();
  b.Reset();
  EXPECT_EQ(b.Next(), milliseconds(100));
}

TEST(Backoff, JitterStaysWithinRangeAndVaries) {
  Backoff b(BackoffPolicy{milliseconds(1000), milliseconds(1000), 2.0, 0.5}, 42);
  bool varied = false;
  milliseconds first = b.Next();
  for (int i = 0; i < 200; ++i) {
    milliseconds d = b.Next();
    EXPECT_GE(d, milliseconds(500));
    EXPECT_LE(d, milliseconds(1000));
    if (d != first) varied = true;
  }
  EXPECT_TRUE(varied);
}

TEST(Backoff, DifferentSeedsSpreadClients) {
  Backoff a(BackoffPolicy{milliseconds(10'000), milliseconds(10'000), 2.0, 1.0}, 1);
  Backoff b(BackoffPolicy{milliseconds(10'000), milliseconds(10'000), 2.0, 1.0}, 2);
  EXPECT_NE(a.Next(), b.Next());
}

TEST(Backoff, NonsensePolicyIsClamped) {
  Backoff b(BackoffPolicy{milliseconds(0), milliseconds(-5), 0.1, 7.0}, 3);
  for (int i = 0; i < 10; ++i) {
    milliseconds d = b.Next();
    EXPECT_GE(d, milliseconds(0));
    EXPECT_LE(d, milliseconds(1));
  }
}

}  // namespace
}  // namespace mig::relay
