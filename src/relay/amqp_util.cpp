#include "relay/amqp_util.h"

namespace mig::relay::detail {

std::string CloseText(const amqp_method_t& method) {
  if (method.id == AMQP_CONNECTION_CLOSE_METHOD) {
    const auto* m = static_cast<const amqp_connection_close_t*>(method.decoded);
    return ToString(m->reply_text);
  }
  if (method.id == AMQP_CHANNEL_CLOSE_METHOD) {
    const auto* m = static_cast<const amqp_channel_close_t*>(method.decoded);
    return ToString(m->reply_text);
  }
  return std::string("unexpected method ") + amqp_method_name(method.id);
}

std::string DescribeReply(const amqp_rpc_reply_t& reply) {
  switch (reply.reply_type) {
    case AMQP_RESPONSE_NORMAL:
      return "ok";
    case AMQP_RESPONSE_NONE:
      return "no reply from the relay";
    case AMQP_RESPONSE_LIBRARY_EXCEPTION:
      return amqp_error_string2(reply.library_error);
    case AMQP_RESPONSE_SERVER_EXCEPTION:
      return CloseText(reply.reply);
  }
  return "unknown reply";
}

}  // namespace mig::relay::detail
