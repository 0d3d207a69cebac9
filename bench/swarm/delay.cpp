#include "delay.h"

#include <cstdlib>

namespace mig::bench {

double ParseMilliseconds(const std::string& text) {
  if (text.empty()) return -1;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || v < 0) return -1;
  const std::string unit(end);
  if (unit.empty() || unit == "ms") return v;
  if (unit == "s") return v * 1000;
  if (unit == "us") return v / 1000;
  return -1;
}

Result<Delay> Delay::Parse(const std::string& text) {
  Delay d;
  d.text_ = text;
  auto bad = [&](const std::string& why) {
    return Result<Delay>::Error("delay \"" + text + "\": " + why +
                                " (use 0, 50ms, 2s, uniform:10ms:200ms or exp:100ms)");
  };
  if (text.rfind("uniform:", 0) == 0) {
    const std::string rest = text.substr(8);
    const size_t colon = rest.find(':');
    if (colon == std::string::npos) return bad("uniform needs a low and a high bound");
    d.kind_ = Kind::kUniform;
    d.a_ms_ = ParseMilliseconds(rest.substr(0, colon));
    d.b_ms_ = ParseMilliseconds(rest.substr(colon + 1));
    if (d.a_ms_ < 0 || d.b_ms_ < 0) return bad("unreadable bound");
    if (d.b_ms_ < d.a_ms_) return bad("the high bound is below the low bound");
    return d;
  }
  if (text.rfind("exp:", 0) == 0) {
    d.kind_ = Kind::kExponential;
    d.a_ms_ = ParseMilliseconds(text.substr(4));
    if (d.a_ms_ <= 0) return bad("the mean must be a positive duration");
    return d;
  }
  d.a_ms_ = ParseMilliseconds(text);
  if (d.a_ms_ < 0) return bad("not a duration");
  return d;
}

std::chrono::microseconds Delay::Draw(std::mt19937_64& rng) const {
  double ms = a_ms_;
  if (kind_ == Kind::kUniform) {
    ms = std::uniform_real_distribution<double>(a_ms_, b_ms_)(rng);
  } else if (kind_ == Kind::kExponential) {
    ms = std::exponential_distribution<double>(1.0 / a_ms_)(rng);
  }
  return std::chrono::microseconds(static_cast<int64_t>(ms * 1000));
}

}  // namespace mig::bench
