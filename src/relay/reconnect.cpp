#include "relay/reconnect.h"

#include <thread>

namespace mig::relay {

bool SleepAndRetry(const Status&, std::chrono::milliseconds delay) {
  std::this_thread::sleep_for(delay);
  return true;
}

Result<std::unique_ptr<AmqpConnection>> ConnectWithRetry(const ConnectOptions& options,
                                                         const ConnectionSetup& setup,
                                                         Backoff& backoff, const RetryWait& wait) {
  for (;;) {
    auto conn = AmqpConnection::Open(options);
    Status error = conn.status();
    if (conn && setup) error = setup(**conn);
    if (error) {
      backoff.Reset();
      return std::move(conn).value();
    }
    if (!wait(error, backoff.Next())) return error;
  }
}

}  // namespace mig::relay
