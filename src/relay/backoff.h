// Delay between reconnection attempts: exponential, capped, with jitter so
// that ten thousand agents cut off by a relay restart do not all come back in
// the same second.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>

namespace mig::relay {

struct BackoffPolicy {
  std::chrono::milliseconds initial{500};
  std::chrono::milliseconds max{60'000};
  double multiplier = 2.0;
  // Each delay is drawn uniformly from [d * (1 - jitter), d] (0 = no jitter).
  double jitter = 0.5;
};

// Not thread-safe: one per reconnecting loop.
class Backoff {
 public:
  explicit Backoff(BackoffPolicy policy = {}, uint64_t seed = std::random_device{}());

  // The delay to wait before the next attempt; grows until policy.max.
  std::chrono::milliseconds Next();
  // Call after a successful connection: the next failure waits `initial` again.
  void Reset() { current_ = policy_.initial; }
  int attempts() const { return attempts_; }

 private:
  BackoffPolicy policy_;
  std::chrono::milliseconds current_;
  std::mt19937_64 rng_;
  int attempts_ = 0;
};

}  // namespace mig::relay
