#include "relay/topology.h"

#include <string>

namespace mig::relay {

Status ValidateQueueLoc(std::string_view queueloc) {
  if (queueloc.empty()) return Status::Error("queueloc is empty; expected \"<os>.<agent id>\"");
  if (queueloc.size() + kAgentQueuePrefix.size() > kMaxQueueNameBytes) {
    return Status::Error("queueloc is " + std::to_string(queueloc.size()) + " bytes; at most " +
                         std::to_string(kMaxQueueNameBytes - kAgentQueuePrefix.size()) +
                         " fit in an AMQP queue name");
  }
  for (size_t i = 0; i < queueloc.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(queueloc[i]);
    if (c <= ' ' || c >= 0x7f) {
      return Status::Error("queueloc has a space, control or non-ASCII byte at offset " +
                           std::to_string(i));
    }
  }
  std::string full = AgentQueueName(queueloc);
  if (full == kHeartbeatsQueue || full == kResultsQueue) {
    return Status::Error("queueloc \"" + std::string(queueloc) + "\" would name a scheduler queue");
  }
  return Status::Ok();
}

std::string AgentQueueName(std::string_view queueloc) {
  std::string name(kAgentQueuePrefix);
  name += queueloc;
  return name;
}

Result<std::string> CommandExpiration(const Time& expire_after, const Time& now) {
  int64_t ms = (expire_after.seconds - now.seconds) * 1000 +
               (int64_t{expire_after.nanos} - int64_t{now.nanos}) / 1'000'000;
  if (ms <= 0) {
    return Result<std::string>::Error("action expired at " + FormatTime(expire_after) +
                                      "; a command for it would be dropped on arrival");
  }
  return std::to_string(ms);
}

Result<std::string> ReturnExpiration(std::chrono::seconds heartbeat_interval) {
  if (heartbeat_interval < std::chrono::seconds(1)) {
    return Result<std::string>::Error("heartbeat interval must be at least 1 s, got " +
                                      std::to_string(heartbeat_interval.count()) + " s");
  }
  return std::to_string(heartbeat_interval.count() * 10 * 1000);
}

Result<MessageProperties> CommandProperties(const Time& expire_after, const Time& now) {
  auto ttl = CommandExpiration(expire_after, now);
  if (!ttl) return ttl.status();
  // Built in one expression: GCC 12 with ASan warns (falsely) about a
  // maybe-uninitialized optional<string> when it is assigned afterwards.
  return MessageProperties{true, "text/plain", now.Unix(), *ttl, std::nullopt};
}

Result<MessageProperties> ResultProperties(std::chrono::seconds heartbeat_interval) {
  auto ttl = ReturnExpiration(heartbeat_interval);
  if (!ttl) return ttl.status();
  return MessageProperties{true, "text/plain", std::nullopt, *ttl, std::nullopt};
}

}  // namespace mig::relay
