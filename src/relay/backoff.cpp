#include "relay/backoff.h"

#include <algorithm>

namespace mig::relay {

Backoff::Backoff(BackoffPolicy policy, uint64_t seed)
    : policy_(policy), current_(policy.initial), rng_(seed) {
  policy_.initial = std::max(policy_.initial, std::chrono::milliseconds(1));
  policy_.max = std::max(policy_.max, policy_.initial);
  policy_.multiplier = std::max(policy_.multiplier, 1.0);
  policy_.jitter = std::clamp(policy_.jitter, 0.0, 1.0);
  current_ = policy_.initial;
}

std::chrono::milliseconds Backoff::Next() {
  ++attempts_;
  const double full = static_cast<double>(current_.count());
  std::uniform_real_distribution<double> pick(full * (1.0 - policy_.jitter), full);
  auto delay = std::chrono::milliseconds(static_cast<int64_t>(pick(rng_)));
  const double grown =
      std::min(full * policy_.multiplier, static_cast<double>(policy_.max.count()));
  current_ = std::chrono::milliseconds(static_cast<int64_t>(grown));
  return delay;
}

}  // namespace mig::relay
