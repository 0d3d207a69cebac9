// Reconnecting to the relay forever: agents and the scheduler call this at
// start and again whenever a call on their connection reports is_open() false.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "core/status.h"
#include "relay/amqp_connection.h"
#include "relay/backoff.h"

namespace mig::relay {

// Runs on every fresh connection before it is handed out: declare queues,
// enable confirms, set QoS, start consumers. A failure counts as a failed
// attempt (the connection is dropped and retried).
using ConnectionSetup = std::function<Status(AmqpConnection&)>;

// Called after each failed attempt with its error and the delay chosen by the
// backoff. Waits that long (or less, e.g. on shutdown) and returns false to
// give up. The default sleeps and returns true: retry forever.
using RetryWait = std::function<bool(const Status& error, std::chrono::milliseconds delay)>;

bool SleepAndRetry(const Status& error, std::chrono::milliseconds delay);

// Opens a connection and runs setup, retrying with `backoff` until it works or
// `wait` returns false (then the last error is returned). Resets the backoff
// on success.
Result<std::unique_ptr<AmqpConnection>> ConnectWithRetry(const ConnectOptions& options,
                                                         const ConnectionSetup& setup,
                                                         Backoff& backoff,
                                                         const RetryWait& wait = SleepAndRetry);

}  // namespace mig::relay
