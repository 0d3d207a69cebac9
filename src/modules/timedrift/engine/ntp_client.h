// A minimal SNTP client (spec/modules/timedrift.md section 4): one 48-byte
// mode-3 request, the server's transmit timestamp back.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace mig::modules::timedrift {

struct NtpAnswer {
  int64_t unix_ns = 0;     // the server's transmit time, Unix nanoseconds
  int64_t latency_ns = 0;  // from before the socket was set up to the end of the read
};

// Asks host:port over UDP; fails on resolution, socket errors, a short or
// null reply, or no reply within timeout_ms.
Result<NtpAnswer> QueryNtp(const std::string& host, int port, int timeout_ms);

}  // namespace mig::modules::timedrift
