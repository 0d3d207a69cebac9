// Relay addresses: amqp://user:pass@host:port/vhost and amqps://... as MIG's
// agent configuration and RabbitMQ's URI spec write them.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace mig::relay {

struct RelayUrl {
  bool tls = false;            // amqps://
  std::string user = "guest";  // percent-decoded
  std::string password = "guest";
  std::string host;         // IPv6 literals without brackets
  int port = 5672;          // 5672 for amqp, 5671 for amqps when absent
  std::string vhost = "/";  // percent-decoded: "/%2f" is "/", "/mig" is "mig"

  // "amqp://host:port/vhost" (no credentials): safe for logs and error text.
  std::string Display() const;
};

// Parses a relay URL. Errors name the part that is wrong, e.g.
// "relay url \"amqp://h:99999/mig\": port 99999 is out of range 1..65535".
// Query parameters are rejected rather than silently ignored.
Result<RelayUrl> ParseRelayUrl(std::string_view url);

}  // namespace mig::relay
