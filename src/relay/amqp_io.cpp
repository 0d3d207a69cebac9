// Publishing with confirms and returns, and consuming: everything that reads
// asynchronous frames from the broker.
#include <amqp.h>

#include <algorithm>

#include "relay/amqp_connection.h"
#include "relay/amqp_util.h"

namespace mig::relay {

using detail::Bytes;
using detail::ToString;

namespace {

// Confirms are drained without blocking every this many publishes, so the
// broker's acks never pile up in the socket while we only write.
constexpr uint64_t kDrainEvery = 256;

void CopyProperties(const amqp_basic_properties_t& in, Delivery& out) {
  const amqp_flags_t f = in._flags;
  if (f & AMQP_BASIC_DELIVERY_MODE_FLAG) out.delivery_mode = in.delivery_mode;
  out.properties.persistent = out.delivery_mode == AMQP_DELIVERY_PERSISTENT;
  out.properties.content_type =
      (f & AMQP_BASIC_CONTENT_TYPE_FLAG) ? ToString(in.content_type) : std::string();
  if (f & AMQP_BASIC_TIMESTAMP_FLAG) out.properties.timestamp = static_cast<int64_t>(in.timestamp);
  if (f & AMQP_BASIC_EXPIRATION_FLAG) out.properties.expiration = ToString(in.expiration);
  if (f & AMQP_BASIC_USER_ID_FLAG) out.properties.user_id = ToString(in.user_id);
}

// What arrived instead of the content frame expected.
std::string Unexpected(const amqp_frame_t& frame) {
  if (frame.frame_type == AMQP_FRAME_METHOD &&
      (frame.payload.method.id == AMQP_CHANNEL_CLOSE_METHOD ||
       frame.payload.method.id == AMQP_CONNECTION_CLOSE_METHOD))
    return "the relay closed the " +
           std::string(frame.payload.method.id == AMQP_CHANNEL_CLOSE_METHOD ? "channel"
                                                                            : "connection") +
           ": " + detail::CloseText(frame.payload.method);
  return "unexpected frame of type " + std::to_string(frame.frame_type) + " inside a message";
}

}  // namespace

Result<uint64_t> AmqpConnection::Publish(std::string_view exchange, std::string_view routing_key,
                                         std::string_view body, const MessageProperties& properties,
                                         bool mandatory) {
  const std::string what = "publish to " + std::string(exchange) + "/" + std::string(routing_key);
  if (!open_) return Fail(what, "connection is closed");
  amqp_basic_properties_t p{};
  p._flags = AMQP_BASIC_DELIVERY_MODE_FLAG;
  p.delivery_mode = properties.persistent ? AMQP_DELIVERY_PERSISTENT : AMQP_DELIVERY_NONPERSISTENT;
  if (!properties.content_type.empty()) {
    p._flags |= AMQP_BASIC_CONTENT_TYPE_FLAG;
    p.content_type = Bytes(properties.content_type);
  }
  if (properties.timestamp) {
    p._flags |= AMQP_BASIC_TIMESTAMP_FLAG;
    p.timestamp = static_cast<uint64_t>(*properties.timestamp);
  }
  if (properties.expiration) {
    p._flags |= AMQP_BASIC_EXPIRATION_FLAG;
    p.expiration = Bytes(*properties.expiration);
  }
  if (properties.user_id) {
    p._flags |= AMQP_BASIC_USER_ID_FLAG;
    p.user_id = Bytes(*properties.user_id);
  }
  int rc = amqp_basic_publish(conn_, kChannel, Bytes(exchange), Bytes(routing_key),
                              mandatory ? 1 : 0, /*immediate=*/0, &p, Bytes(body));
  if (rc != AMQP_STATUS_OK) {
    open_ = false;
    return Fail(what, amqp_error_string2(rc));
  }
  if (!confirms_) return uint64_t{0};
  ++published_;
  pending_.push_back(Pending{published_, std::string(exchange), std::string(routing_key), false});
  if (published_ % kDrainEvery == 0) {
    if (Status s = Drain(); !s) return s;
  }
  return published_;
}

Result<std::vector<PublishFailure>> AmqpConnection::WaitConfirms(
    std::chrono::milliseconds timeout) {
  if (!open_) return Fail("wait for confirms", "connection is closed");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  if (Status s = Drain(); !s) return s;
  while (!pending_.empty()) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return Fail("wait for confirms", std::to_string(pending_.size()) +
                                           " publishes still unconfirmed after " +
                                           std::to_string(timeout.count()) + " ms");
    }
    bool timed_out = false;
    if (Status s = ProcessFrame(left, timed_out); !s) return s;
  }
  std::vector<PublishFailure> out;
  out.swap(failures_);
  return out;
}

Result<std::vector<PublishFailure>> AmqpConnection::PollConfirms() {
  if (!open_) return Fail("read confirms", "connection is closed");
  if (Status s = Drain(); !s) return s;
  std::vector<PublishFailure> out;
  out.swap(failures_);
  return out;
}

Status AmqpConnection::KeepAlive() {
  if (!open_) return Fail("keep alive", "connection is closed");
  return Drain();
}

// Frame by frame rather than with amqp_read_message, which keeps every frame
// of a message in the channel's pool until the next release and copies the
// whole body once more into a buffer of the size the publisher declared: a
// 100 MB result cost the scheduler 200 MB before it could even look at it.
// Here each frame is released once copied, and the frames of a body over
// max_body_bytes are only counted.
Status AmqpConnection::ReadContent(uint16_t channel, Delivery* out) {
  amqp_frame_t frame;
  // The next frame of our channel. Heartbeats are handled by the library;
  // frames of other channels (we use one) are skipped, but a closing
  // connection ends the message.
  auto next = [&]() -> Status {
    for (;;) {
      int rc = amqp_simple_wait_frame(conn_, &frame);
      if (rc != AMQP_STATUS_OK)
        return Status::Error(std::string("connection lost: ") + amqp_error_string2(rc));
      if (frame.channel == channel) return Status::Ok();
      if (frame.frame_type == AMQP_FRAME_METHOD &&
          frame.payload.method.id == AMQP_CONNECTION_CLOSE_METHOD)
        return Status::Error(Unexpected(frame));
    }
  };
  Status s = next();
  if (!s.ok()) return s.Context("reading message content");
  if (frame.frame_type != AMQP_FRAME_HEADER)
    return Status::Error("reading message content: " + Unexpected(frame));
  const uint64_t size = frame.payload.properties.body_size;
  const uint64_t limit = options_.max_body_bytes;
  const bool keep = out != nullptr && (limit == 0 || size <= limit);
  if (out != nullptr) {
    CopyProperties(*static_cast<const amqp_basic_properties_t*>(frame.payload.properties.decoded),
                   *out);
    out->body_size = size;
    out->oversized = !keep;
    // The declared size is the publisher's word: reserve no more than 64 MiB
    // on it; a larger body grows as it really arrives.
    if (keep) out->body.reserve(static_cast<size_t>(std::min<uint64_t>(size, 64u << 20)));
  }
  for (uint64_t read = 0; read < size;) {
    amqp_maybe_release_buffers_on_channel(conn_, channel);  // the frames already copied
    s = next();
    if (!s.ok()) return s.Context("reading message content");
    if (frame.frame_type != AMQP_FRAME_BODY)
      return Status::Error("reading message content: " + Unexpected(frame));
    const amqp_bytes_t& part = frame.payload.body_fragment;
    if (part.len > size - read)
      return Status::Error("reading message content: the body is longer than its header says");
    if (keep) out->body.append(static_cast<const char*>(part.bytes), part.len);
    read += part.len;
  }
  amqp_maybe_release_buffers_on_channel(conn_, channel);
  return Status::Ok();
}

Result<std::vector<Delivery>> AmqpConnection::Receive(size_t max_messages,
                                                      std::chrono::milliseconds timeout,
                                                      size_t max_bytes) {
  if (!open_) return Fail("receive", "connection is closed");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (buffered_.empty()) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::vector<Delivery>{};
    bool timed_out = false;
    if (Status s = ProcessFrame(left, timed_out); !s) return s;
    if (timed_out) return std::vector<Delivery>{};
  }
  // Take whatever else has already arrived, without waiting.
  while (buffered_.size() < max_messages && buffered_bytes_ < max_bytes) {
    bool timed_out = false;
    if (Status s = ProcessFrame(std::chrono::milliseconds(0), timed_out); !s) return s;
    if (timed_out) break;
  }
  std::vector<Delivery> out;
  size_t bytes = 0;
  while (!buffered_.empty() && out.size() < max_messages && (out.empty() || bytes < max_bytes)) {
    bytes += buffered_.front().body.size();
    buffered_bytes_ -= buffered_.front().body.size();
    out.push_back(std::move(buffered_.front()));
    buffered_.pop_front();
  }
  return out;
}

Result<std::optional<Delivery>> AmqpConnection::Get(std::string_view queue, bool auto_ack) {
  const std::string what = "get from queue " + std::string(queue);
  if (!open_) return Fail(what, "connection is closed");
  amqp_rpc_reply_t reply = amqp_basic_get(conn_, kChannel, Bytes(queue), auto_ack ? 1 : 0);
  if (reply.reply_type != AMQP_RESPONSE_NORMAL) {
    if (Status s = CheckReply(what); !s) return s;
  }
  if (reply.reply.id == AMQP_BASIC_GET_EMPTY_METHOD) return std::optional<Delivery>();
  const auto* ok = static_cast<const amqp_basic_get_ok_t*>(reply.reply.decoded);
  Delivery d;
  d.delivery_tag = ok->delivery_tag;
  d.redelivered = ok->redelivered != 0;
  d.exchange = ToString(ok->exchange);
  d.routing_key = ToString(ok->routing_key);
  if (Status s = ReadContent(kChannel, &d); !s) {
    open_ = false;
    return Fail(what, s.message());
  }
  return std::optional<Delivery>(std::move(d));
}

Status AmqpConnection::Drain() {
  for (;;) {
    bool timed_out = false;
    if (Status s = ProcessFrame(std::chrono::milliseconds(0), timed_out); !s) return s;
    if (timed_out) return Status::Ok();
  }
}

Status AmqpConnection::ProcessFrame(std::chrono::milliseconds timeout, bool& timed_out) {
  timed_out = false;
  if (!amqp_frames_enqueued(conn_) && !amqp_data_in_buffer(conn_)) {
    amqp_maybe_release_buffers(conn_);
  }
  amqp_frame_t frame;
  timeval tv = detail::ToTimeval(timeout);
  int rc = amqp_simple_wait_frame_noblock(conn_, &frame, &tv);
  if (rc == AMQP_STATUS_TIMEOUT) {
    timed_out = true;
    return Status::Ok();
  }
  if (rc != AMQP_STATUS_OK) {
    open_ = false;
    return Fail("read", std::string("connection lost: ") + amqp_error_string2(rc));
  }
  if (frame.frame_type != AMQP_FRAME_METHOD) return Status::Ok();  // stray content: skip
  const amqp_method_t& method = frame.payload.method;
  switch (method.id) {
    case AMQP_BASIC_ACK_METHOD: {
      const auto* m = static_cast<const amqp_basic_ack_t*>(method.decoded);
      OnConfirm(m->delivery_tag, m->multiple != 0, true);
      return Status::Ok();
    }
    case AMQP_BASIC_NACK_METHOD: {
      const auto* m = static_cast<const amqp_basic_nack_t*>(method.decoded);
      OnConfirm(m->delivery_tag, m->multiple != 0, false);
      return Status::Ok();
    }
    case AMQP_BASIC_RETURN_METHOD:
      return OnReturn(method.decoded, frame.channel);
    case AMQP_BASIC_DELIVER_METHOD:
      return OnDeliver(method.decoded, frame.channel);
    case AMQP_BASIC_CANCEL_METHOD:
      return Fail("consume", "the relay cancelled the consumer (queue deleted?)");
    case AMQP_CHANNEL_CLOSE_METHOD:
      return OnChannelClosed("channel", detail::CloseText(method));
    case AMQP_CONNECTION_CLOSE_METHOD:
      return OnConnectionClosed("connection", detail::CloseText(method));
    default:
      return Status::Ok();
  }
}

Status AmqpConnection::OnReturn(const void* decoded, uint16_t channel) {
  const auto* m = static_cast<const amqp_basic_return_t*>(decoded);
  PublishFailure failure;
  failure.kind = PublishFailure::Kind::kUnroutable;
  failure.exchange = ToString(m->exchange);
  failure.routing_key = ToString(m->routing_key);
  failure.reason = std::to_string(m->reply_code) + " " + ToString(m->reply_text);
  if (Status s = ReadContent(channel, nullptr); !s) {
    open_ = false;
    return Fail("returned message", s.message());
  }
  // basic.return carries no sequence number. Returns come in publish order and
  // before that publish's confirm, so the earliest unconfirmed publish with
  // the same exchange and key is the one coming back.
  for (Pending& p : pending_) {
    if (!p.returned && p.exchange == failure.exchange && p.routing_key == failure.routing_key) {
      p.returned = true;
      failure.sequence = p.sequence;
      break;
    }
  }
  failures_.push_back(std::move(failure));
  return Status::Ok();
}

Status AmqpConnection::OnDeliver(const void* decoded, uint16_t channel) {
  const auto* m = static_cast<const amqp_basic_deliver_t*>(decoded);
  Delivery d;
  d.delivery_tag = m->delivery_tag;
  d.redelivered = m->redelivered != 0;
  d.exchange = ToString(m->exchange);
  d.routing_key = ToString(m->routing_key);
  if (Status s = ReadContent(channel, &d); !s) {
    open_ = false;
    return Fail("delivery", s.message());
  }
  buffered_bytes_ += d.body.size();
  buffered_.push_back(std::move(d));
  return Status::Ok();
}

void AmqpConnection::OnConfirm(uint64_t tag, bool multiple, bool ack) {
  const uint64_t through = channel_base_ + tag;
  auto settle = [&](const Pending& p) {
    if (!ack) {
      failures_.push_back(PublishFailure{PublishFailure::Kind::kNacked, p.sequence, p.exchange,
                                         p.routing_key, "nacked by the relay"});
    }
  };
  if (multiple) {
    while (!pending_.empty() && pending_.front().sequence <= through) {
      settle(pending_.front());
      pending_.pop_front();
    }
  } else {
    // Confirms mostly come in order, so this finds it at the front.
    for (auto it = pending_.begin(); it != pending_.end() && it->sequence <= through; ++it) {
      if (it->sequence == through) {
        settle(*it);
        pending_.erase(it);
        break;
      }
    }
  }
  confirmed_through_ = pending_.empty() ? published_ : pending_.front().sequence - 1;
}

}  // namespace mig::relay
