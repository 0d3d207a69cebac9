// EVR comparison vectors of spec/modules/scribe.md section 5.5: the 42 of
// scribe's evrops_test.go, and the ones observed with MIG's code.
#include <gtest/gtest.h>

#include <string>

#include "modules/scribe/evr.h"

namespace mig::modules::scribe {
namespace {

struct OpVector {
  const char* actual;
  const char* op;
  const char* check;
};

// Every row must evaluate true.
constexpr OpVector kEvrOps[] = {
    {"2:3.14.5-1+deb7u1", "=", "2:3.14.5-1+deb7u1"},
    {"0:2.6.6-6+deb7u2", "=", "0:2.6.6-6+deb7u2"},
    {"0:2.2.22-13+deb7u3", "=", "0:2.2.22-13+deb7u3"},
    {"0:0.140-5+deb7u1", "=", "0:0.140-5+deb7u1"},
    {"0:3.2.60-1+deb7u3", "=", "0:3.2.60-1+deb7u3"},
    {"0:1.5.3-5+deb7u4", "=", "0:1.5.3-5+deb7u4"},
    {"2:3.14.5-1+deb7u1", "=", "2:3.14.5-1+deb7u1"},
    {"0:5.5.38-0+wheezy1", "=", "0:5.5.38-0+wheezy1"},
    {"0:0.2.4.23-1~deb7u1", "=", "0:0.2.4.23-1~deb7u1"},
    {"0:2.06-1+deb7u1", "=", "0:2.06-1+deb7u1"},
    {"0:24.7.0esr-1~deb7u1", "=", "0:24.7.0esr-1~deb7u1"},
    {"0:2.52-3+nmu2", "=", "0:2.52-3+nmu2"},
    {"0:7u65-2.5.1-2~deb7u1", "=", "0:7u65-2.5.1-2~deb7u1"},
    {"0:24.7.0-1~deb7u1", "=", "0:24.7.0-1~deb7u1"},
    {"0:1.0.1e-2+deb7u9", "=", "0:1.0.1e-2+deb7u9"},
    {"0:6b31-1.13.3-1~deb7u1", "=", "0:6b31-1.13.3-1~deb7u1"},
    {"2:7.3.547-7", "=", "2:7.3.547-7"},
    {"1:7.3.547-7", "<", "2:7.3.547-7"},
    {"2:7.2.547-7", "<", "2:7.3.547-7"},
    {"2:7.3.540-7", "<", "2:7.3.547-7"},
    {"2:7.3.547-6", "<", "2:7.3.547-7"},
    {"1.0.1e-2+deb7u14", "=", "1.0.1e-2+deb7u14"},
    {"1.0.1d-2+deb7u14", "<", "1.0.1e-2+deb7u14"},
    {"1.0.1", "<", "1.0.1e"},
    {"1.0.1", "=", "1.0.1"},
    {"1.0.1d", "<", "1.0.1e"},
    {"0:0.2.4.23-1~deb7u1", "=", "0:0.2.4.23-1~deb7u1"},
    {"0:0.2.4-1~deb7u1", "<", "0:0.2.4.23-1~deb7u1"},
    {"0:0.2.4.23-0~deb7u1", "<", "0:0.2.4.23-1~deb7u1"},
    {"2.6.32-504.el6", "<", "0:2.6.32-504.8.1.el6"},
    {"1.5.9", "<", "1.5.10"},
    {"1.5.9", "<", "1.5.10z"},
    {"1.5.9z", "<", "1.5.10"},
    {"1.5.9b", "<", "1.5.9f"},
    {"1.5.9g", "=", "1.5.9g"},
    {"1.5.10", ">", "1.5.9"},
    {"f", ">", "a"},
    {"10", ">", "9"},
    {"123", "=", "123"},
    {"1241", "<", "14444"},
    {"12412", ">", "50"},
    {"51", ">", "50"},
};

TEST(EvrVectors, EveryEvropsRowHolds) {
  int n = 0;
  for (const auto& v : kEvrOps) {
    SCOPED_TRACE(std::to_string(++n) + ": " + v.actual + " " + v.op + " " + v.check);
    auto holds = EvrHolds(v.actual, v.op, v.check);
    ASSERT_TRUE(holds) << holds.error();
    EXPECT_TRUE(*holds);
    // And the two other operators do not hold, so a constant answer fails.
    for (const char* other : {"<", ">", "="}) {
      if (std::string(other) == v.op) continue;
      auto h = EvrHolds(v.actual, other, v.check);
      ASSERT_TRUE(h);
      EXPECT_FALSE(*h) << other;
    }
  }
  EXPECT_EQ(n, 42);
}

struct Relation {
  const char* actual;
  const char* check;
  int expected;  // -1 older, 0 equal, 1 newer
};

// Observed with MIG's code (section 5.5, second table).
constexpr Relation kObserved[] = {
    {"1.0~rc1", "1.0", 1},
    {"1.0", "1.0.0", -1},
    {"1.0a", "1.0.0", -1},
    {"1.0", "1.0a", -1},
    {"1.01", "1.1", 0},
    {"1:1.0", "2.0", 1},
    {"1.0-1", "1.0", 1},
    {"1.0", "1.0-1", -1},
    {"1.0_1", "1.0.1", 0},
    {"1.0+b1", "1.0", 1},
    {"1.0A", "1.0a", -1},
    {"abc", "abd", -1},
    {"a", "1", -1},
    {"", "1", -1},
    {"", "", 0},
    {"5.1.2-0ubuntu3.2", "5.1.2-0ubuntu3.10", -1},
    {"2.02-beta2", "2.02-beta1", 1},
};

TEST(EvrVectors, ObservedRelations) {
  for (const auto& v : kObserved) {
    SCOPED_TRACE(std::string(v.actual) + " vs " + v.check);
    auto c = CompareEvr(v.actual, v.check);
    ASSERT_TRUE(c) << c.error();
    EXPECT_EQ(*c, v.expected);
    // Antisymmetric: swapping the sides swaps the answer.
    auto r = CompareEvr(v.check, v.actual);
    ASSERT_TRUE(r);
    EXPECT_EQ(*r, -v.expected);
  }
}

TEST(EvrVectors, ObservedErrors) {
  auto dash = CompareEvr("1.0-", "1.0");
  ASSERT_FALSE(dash);
  EXPECT_EQ(dash.error(), "evrExtract: ends in dash");
  auto epoch = CompareEvr("1:", "1");
  ASSERT_FALSE(epoch);
  EXPECT_EQ(epoch.error(), "evrExtract: only epoch");
  auto bad = CompareEvr(":1", "1");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(), "evrRpmCompare: bad actual epoch");
  auto bad_check = CompareEvr("1", ":1");
  ASSERT_FALSE(bad_check);
  EXPECT_EQ(bad_check.error(), "evrRpmCompare: bad check epoch");
  auto op = EvrHolds("1", "<=", "2");
  ASSERT_FALSE(op);
  EXPECT_EQ(op.error(), "invalid evr operation <=");
}

// The one vector that differs on purpose: MIG crashed the whole module on
// an all-zero token of two digits or more (sections 4.2 and 5.3); here it
// reads as 0, the spec's recommendation, so 1.00 equals 1.0 as in dpkg and
// rpm.
TEST(EvrVectors, AllZeroTokenIsZeroInsteadOfACrash) {
  for (const auto& [a, b] :
       {std::pair{"1.00", "1.0"}, {"1.000", "1.0"}, {"00", "0"}, {"1.00", "1"}}) {
    SCOPED_TRACE(std::string(a) + " vs " + b);
    auto c = CompareEvr(a, b);
    ASSERT_TRUE(c);
    EXPECT_EQ(*c, std::string(b) == "1" ? 1 : 0);
  }
  auto lower = CompareEvr("1.00", "1.01");
  ASSERT_TRUE(lower);
  EXPECT_EQ(*lower, -1);
}

TEST(EvrVectors, QuirksKept) {
  // int64 overflow falls back to byte order (section 5.3).
  EXPECT_EQ(VerCmp("99999999999999999999", "100000000000000000000"), 1);
  EXPECT_EQ(VerCmp("9223372036854775807", "9223372036854775806"), 1);
  // Separators are only separators, tilde and caret included.
  EXPECT_EQ(VerCmp("1.0^1", "1.0.1"), 0);
  EXPECT_EQ(VerCmp("1~0", "1.0"), 0);
  // Leading zeros do not count.
  EXPECT_EQ(VerCmp("007", "7"), 0);
  // Bytes that are neither letters nor digits (UTF-8) separate tokens.
  EXPECT_EQ(VerCmp("1\xc3\xa9"
                   "2",
                   "1.2"),
            0);
}

}  // namespace
}  // namespace mig::modules::scribe
