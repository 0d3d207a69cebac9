// What mig-api checks before it serves a request (issue 13, findings 2 and
// 10; issue 14): body framing, clean paths, log escaping, throttling of
// failed authentications, client addresses.
#include <gtest/gtest.h>

#include "api/auth_throttle.h"
#include "api/body_policy.h"
#include "api/clean_path.h"
#include "api/client_ip.h"
#include "core/log_escape.h"

namespace mig::api {
namespace {

TEST(BodyPolicy, OnlyContentLengthBodiesWithinTheLimit) {
  EXPECT_FALSE(RefuseBody("", "", "", 1024));
  EXPECT_FALSE(RefuseBody("", "", "1024", 1024));
  EXPECT_FALSE(RefuseBody("", "identity", "0", 1024));
  EXPECT_FALSE(RefuseBody("", " Identity ", "10", 1024));
  EXPECT_EQ(RefuseBody("chunked", "", "", 1024)->http_status, 411);
  EXPECT_EQ(RefuseBody("gzip, chunked", "", "10", 1024)->http_status, 411);
  EXPECT_EQ(RefuseBody("", "gzip", "10", 1024)->http_status, 415);
  EXPECT_EQ(RefuseBody("", "deflate", "", 1024)->http_status, 415);
  EXPECT_EQ(RefuseBody("", "", "1025", 1024)->http_status, 413);
  EXPECT_EQ(RefuseBody("", "", "99999999999999999999", 1024)->http_status, 400);
  EXPECT_EQ(RefuseBody("", "", "-1", 1024)->http_status, 400);
  EXPECT_EQ(RefuseBody("", "", "1e3", 1024)->http_status, 400);
}

TEST(CleanPath, AsGorillaMux) {
  EXPECT_EQ(CleanPath("/api/v1//ip"), "/api/v1/ip");
  EXPECT_EQ(CleanPath("//ip"), "/ip");
  EXPECT_EQ(CleanPath("/a/./b/../c/"), "/a/c/");
  EXPECT_EQ(CleanPath("/a/b/.."), "/a");
  EXPECT_EQ(CleanPath("/../.."), "/");
  EXPECT_EQ(CleanPath("//"), "/");
  EXPECT_EQ(CleanPath(""), "/");
  EXPECT_EQ(CleanPath("/api/v1/action/create/"), "/api/v1/action/create/");
  EXPECT_EQ(CleanRedirect("/api/v1//ip"), "/api/v1/ip");
  EXPECT_EQ(CleanRedirect("/api/v1//action?actionid=1&x=/../"), "/api/v1/action?actionid=1&x=/../");
  EXPECT_EQ(CleanRedirect("/api/v1/action?actionid=1"), "");
  EXPECT_EQ(CleanRedirect("/api/v1/investigator/create/"), "");
}

TEST(LogEscape, ControlCharactersCannotForgeLines) {
  EXPECT_EQ(EscapeLogValue("Mozilla/5.0 (X11; Linux) é ✓"), "Mozilla/5.0 (X11; Linux) é ✓");
  EXPECT_EQ(EscapeLogValue("a\nb\rc\td"), "a\\nb\\rc\\td");
  EXPECT_EQ(EscapeLogValue(std::string("\x00\x1b[2J\x7f", 6)), "\\x00\\x1b[2J\\x7f");
  EXPECT_EQ(EscapeLogValue("say \"hi\" \\o/"), "say \\\"hi\\\" \\\\o/");
  EXPECT_EQ(EscapeLogValue("\xc2\x85 next line, \xff bad"), "\\xc2\\x85 next line, \\xff bad");
  EXPECT_EQ(EscapeLogValue("\xe2\x80\xa8"), "\xe2\x80\xa8");  // valid, not a C0/C1 control
}

TEST(AuthThrottle, BurstThenRateThenRecovers) {
  AuthThrottle t(1);
  const auto t0 = AuthThrottle::Clock::now();
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(t.RetryAfter("192.0.2.1", t0), 0) << i;
    t.Failed("192.0.2.1", t0);
  }
  EXPECT_EQ(t.RetryAfter("192.0.2.1", t0), 1);
  EXPECT_EQ(t.RetryAfter("192.0.2.2", t0), 0) << "another address has its own bucket";
  EXPECT_EQ(t.RetryAfter("192.0.2.1", t0 + std::chrono::seconds(1)), 0);
  t.Failed("192.0.2.1", t0 + std::chrono::seconds(1));
  EXPECT_GT(t.RetryAfter("192.0.2.1", t0 + std::chrono::seconds(1)), 0);
  EXPECT_EQ(t.RetryAfter("192.0.2.1", t0 + std::chrono::seconds(20)), 0);
}

TEST(AuthThrottle, OneBucketPerIpv6Slash64AndZeroMeansOff) {
  EXPECT_EQ(AuthThrottle::BucketKey("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(AuthThrottle::BucketKey("2001:db8:1:2:bbbb::7"), "2001:db8:1:2::/64");
  EXPECT_EQ(AuthThrottle::BucketKey("192.0.2.1"), "192.0.2.1");
  AuthThrottle off(0);
  for (int i = 0; i < 100; ++i)
    off.Failed("192.0.2.1");
  EXPECT_EQ(off.RetryAfter("192.0.2.1"), 0);
}

TEST(ClientIp, PeerOrForwardedFor) {
  EXPECT_EQ(ClientIp("peer", "192.0.2.1", "10.0.0.1"), "192.0.2.1");
  EXPECT_EQ(ClientIp("x-forwarded-for:0", "192.0.2.1", "10.0.0.1, 10.0.0.2"), "10.0.0.2");
  EXPECT_EQ(ClientIp("x-forwarded-for:1", "192.0.2.1", "10.0.0.1, 10.0.0.2"), "10.0.0.1");
  EXPECT_EQ(ClientIp("x-forwarded-for:0", "192.0.2.1", ""), "0.0.0.0");
  EXPECT_EQ(ClientIp("x-forwarded-for:0", "192.0.2.1", "not an ip"), "0.0.0.0");
  // A count past the list picks its first entry; a count that would overflow
  // never throws (the configuration refuses it, this is the second guard).
  EXPECT_EQ(ClientIp("x-forwarded-for:999", "192.0.2.1", "10.0.0.1, 10.0.0.2"), "10.0.0.1");
  EXPECT_EQ(ClientIp("x-forwarded-for:99999999999999999999999", "192.0.2.1", "10.0.0.1"),
            "10.0.0.1");
}

}  // namespace
}  // namespace mig::api
