#include "api/auth_throttle.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace mig::api {
namespace {

// Buckets kept at most; full ones go first, then the table starts over
// (forgetting is the failure mode that keeps memory bounded).
constexpr size_t kMaxBuckets = 65536;

}  // namespace

std::string AuthThrottle::BucketKey(const std::string& address) {
  unsigned char v6[16];
  if (address.find(':') == std::string::npos || inet_pton(AF_INET6, address.c_str(), v6) != 1)
    return address;
  std::memset(v6 + 8, 0, 8);
  char text[INET6_ADDRSTRLEN];
  if (!inet_ntop(AF_INET6, v6, text, sizeof(text))) return address;
  return std::string(text) + "/64";
}

double AuthThrottle::Refill(Bucket& b, Clock::time_point now) const {
  const double elapsed = std::chrono::duration<double>(now - b.at).count();
  if (elapsed > 0) {
    b.tokens = std::min(burst_, b.tokens + elapsed * rate_);
    b.at = now;
  }
  return b.tokens;
}

int AuthThrottle::RetryAfter(const std::string& address, Clock::time_point now) {
  if (rate_ <= 0) return 0;
  std::lock_guard lock(mu_);
  auto it = buckets_.find(BucketKey(address));
  if (it == buckets_.end()) return 0;
  const double tokens = Refill(it->second, now);
  if (tokens >= 1) return 0;
  return static_cast<int>(std::ceil((1 - tokens) / rate_));
}

void AuthThrottle::Failed(const std::string& address, Clock::time_point now) {
  if (rate_ <= 0) return;
  std::lock_guard lock(mu_);
  if (buckets_.size() >= kMaxBuckets) Prune(now);
  auto it = buckets_.try_emplace(BucketKey(address), Bucket{burst_, now}).first;
  Refill(it->second, now);
  it->second.tokens = std::max(0.0, it->second.tokens - 1);
}

void AuthThrottle::Prune(Clock::time_point now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    if (Refill(it->second, now) >= burst_) {
      it = buckets_.erase(it);
    } else {
      ++it;
    }
  }
  if (buckets_.size() >= kMaxBuckets) buckets_.clear();
}

}  // namespace mig::api
