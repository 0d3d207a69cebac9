// Go's time.ParseDuration: "5s", "1m30s", "1.5h", "-10ms", "300us", "2µs".
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace mig::modules::timedrift {

// Nanoseconds, or Go's error text ("time: unknown unit \"x\" in duration \"5x\"").
Result<int64_t> ParseGoDuration(const std::string& text);

}  // namespace mig::modules::timedrift
