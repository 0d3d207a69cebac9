// Groups the deliveries of one queue into batches for the store: a batch
// closes when it holds `max_messages` or `max_bytes` of bodies, or when
// `linger` has passed since its first delivery, whichever comes first. Results use a few
// milliseconds (a result waits little, a burst of 10,000 becomes a few dozen transactions);
// heartbeats, which nobody waits for, use a longer linger so that 10,000
// agents heartbeating once a minute cost a few transactions a second.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "relay/amqp_connection.h"

namespace mig::scheduler {

// A message as the store loop sees it: the body and, when the publisher set
// one, its user-id, which RabbitMQ has checked against the publisher's login
// (scheduler/sender_check.h).
struct RelayMessage {
  std::string body;
  std::optional<std::string> sender;
  // The AMQP expiration, decimal milliseconds: agents set 10 x their
  // heartbeat interval on heartbeats and results (MIG's rule).
  std::optional<std::string> expiration = std::nullopt;
};

struct BatchOptions {
  size_t max_messages = 2048;
  std::chrono::milliseconds linger{5};
  uint16_t prefetch = 4096;  // must exceed max_messages, or batches never fill
  // Bodies held at once ([mq] batchbytes): deliveries beyond it stay unread
  // in the socket (the broker's prefetch counts messages, not bytes), so the
  // bytes in memory stay below max_bytes plus one message.
  size_t max_bytes = 32u << 20;
};

// Consumes `queue` and hands each batch of messages to store(); acks the batch
// (one multiple ack) only after store() succeeded, so a crash or a store
// error loses nothing: unacked messages are redelivered after reconnecting.
// A delivery whose body was larger than the connection's max_body_bytes
// (read and discarded by the relay layer) is logged and acked with its batch.
// Returns when stop is set or on the first error.
Status ConsumeInBatches(relay::AmqpConnection& conn, std::string_view queue,
                        const BatchOptions& options, const std::atomic<bool>& stop,
                        const std::function<Status(const std::vector<RelayMessage>&)>& store);

}  // namespace mig::scheduler
