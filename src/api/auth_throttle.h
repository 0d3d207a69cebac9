// Failed authentications per client address: each failure takes a token
// from the address's bucket (rate a second, burst ten seconds' worth); an
// address with an empty bucket is answered 429 before any key is hashed or
// signature checked. An unauthenticated client could otherwise make the
// server hash its guesses as fast as it sends them (issue 13, finding 10).
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace mig::api {

class AuthThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  // rate 0: no limit.
  explicit AuthThrottle(double rate) : rate_(rate), burst_(rate * 10) {}

  // Seconds until `address` may try again; 0 when it may now.
  int RetryAfter(const std::string& address, Clock::time_point now = Clock::now());
  void Failed(const std::string& address, Clock::time_point now = Clock::now());

  // Addresses of one IPv6 /64 share a bucket: a host has billions of them.
  static std::string BucketKey(const std::string& address);

 private:
  struct Bucket {
    double tokens;
    Clock::time_point at;
  };
  double Refill(Bucket& b, Clock::time_point now) const;
  void Prune(Clock::time_point now);  // with mu_ held

  const double rate_, burst_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace mig::api
