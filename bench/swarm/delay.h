// How long a simulated agent takes to answer a command: a fixed delay, a
// uniform range, or an exponential distribution around a mean.
//   "0", "50ms", "2s", "uniform:10ms:200ms", "exp:100ms"
#pragma once

#include <chrono>
#include <random>
#include <string>

#include "core/status.h"

namespace mig::bench {

class Delay {
 public:
  // Parses one of the forms above; the error says which part is wrong.
  static Result<Delay> Parse(const std::string& text);

  std::chrono::microseconds Draw(std::mt19937_64& rng) const;
  std::string Describe() const { return text_; }

 private:
  enum class Kind { kFixed, kUniform, kExponential } kind_ = Kind::kFixed;
  double a_ms_ = 0, b_ms_ = 0;
  std::string text_ = "0";
};

// "250", "250ms", "2s", "1.5s", "500us" -> milliseconds; -1 when unreadable.
double ParseMilliseconds(const std::string& text);

}  // namespace mig::bench
