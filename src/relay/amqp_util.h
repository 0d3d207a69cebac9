// Conversions between rabbitmq-c's C types and ours. Internal to src/relay.
#pragma once

#include <amqp.h>
#include <sys/time.h>

#include <chrono>
#include <string>
#include <string_view>

namespace mig::relay::detail {

// A view of `s` as amqp_bytes_t; valid while `s` lives. rabbitmq-c takes
// non-const pointers but does not write through them.
inline amqp_bytes_t Bytes(std::string_view s) {
  return amqp_bytes_t{s.size(), const_cast<char*>(s.data())};
}

inline std::string ToString(amqp_bytes_t b) {
  return b.len == 0 ? std::string() : std::string(static_cast<const char*>(b.bytes), b.len);
}

inline timeval ToTimeval(std::chrono::milliseconds ms) {
  if (ms.count() < 0) ms = std::chrono::milliseconds(0);
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
  return tv;
}

// The broker's text of a connection.close / channel.close method, such as
// "ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN".
std::string CloseText(const amqp_method_t& method);

// Describes a non-normal RPC reply.
std::string DescribeReply(const amqp_rpc_reply_t& reply);

}  // namespace mig::relay::detail
