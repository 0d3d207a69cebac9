// What travels through the relay connection: deliveries received and the
// outcome of publishes.
#pragma once

#include <cstdint>
#include <string>

#include "relay/topology.h"

namespace mig::relay {

// A message taken from a queue (basic.deliver or basic.get). The body is raw
// bytes: the relay layer never parses it.
struct Delivery {
  uint64_t delivery_tag = 0;  // for Ack / Nack
  bool redelivered = false;
  std::string exchange;
  std::string routing_key;
  std::string body;
  MessageProperties properties;
  uint8_t delivery_mode = 0;  // as received (2 = persistent)
  // The body's size as the publisher declared it. When it exceeds the
  // connection's max_body_bytes, the body was read and discarded frame by
  // frame, never held: body is empty and oversized is true.
  uint64_t body_size = 0;
  bool oversized = false;
};

// A publish that did not end up safely in a queue.
struct PublishFailure {
  enum class Kind {
    kUnroutable,  // mandatory publish with no matching queue (basic.return)
    kNacked,      // the broker refused responsibility (basic.nack)
  };
  Kind kind = Kind::kUnroutable;
  uint64_t sequence = 0;  // the value Publish() returned for it
  std::string exchange;
  std::string routing_key;
  std::string reason;  // e.g. "312 NO_ROUTE"
};

// Counts of messages and consumers on a queue (queue.declare passive).
struct QueueInfo {
  uint32_t messages = 0;
  uint32_t consumers = 0;
};

}  // namespace mig::relay
