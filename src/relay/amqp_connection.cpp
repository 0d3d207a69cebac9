// Connection set-up, channel management and topology calls. Publishing and
// consuming are in amqp_io.cpp.
#include "relay/amqp_connection.h"

#include <amqp.h>
#include <amqp_ssl_socket.h>
#include <amqp_tcp_socket.h>

#include "relay/amqp_util.h"

namespace mig::relay {

using detail::Bytes;
using detail::ToString;

AmqpConnection::AmqpConnection(const ConnectOptions& options)
    : options_(options), url_(options.url) {}

AmqpConnection::~AmqpConnection() {
  Close();
  if (conn_ != nullptr) amqp_destroy_connection(conn_);
}

Result<std::unique_ptr<AmqpConnection>> AmqpConnection::Open(const ConnectOptions& options) {
  std::unique_ptr<AmqpConnection> c(new AmqpConnection(options));
  if (Status s = c->Connect(); !s) return s;
  if (Status s = c->OpenChannel(); !s) return s;
  return c;
}

Status AmqpConnection::Fail(const std::string& what, const std::string& why) const {
  return Status::Error("relay " + url_.Display() + ": " + what + ": " + why);
}

Status AmqpConnection::Connect() {
  conn_ = amqp_new_connection();
  if (conn_ == nullptr) return Fail("connect", "out of memory");
  amqp_socket_t* socket = nullptr;
  if (url_.tls) {
    socket = amqp_ssl_socket_new(conn_);
    if (socket == nullptr) return Fail("connect", "cannot create a TLS socket");
    const TlsOptions& tls = options_.tls;
    amqp_ssl_socket_set_verify_peer(socket, tls.verify_peer ? 1 : 0);
    amqp_ssl_socket_set_verify_hostname(socket, tls.verify_hostname ? 1 : 0);
    if (!tls.ca_file.empty() && amqp_ssl_socket_set_cacert(socket, tls.ca_file.c_str()) != 0) {
      return Fail("TLS", "cannot load CA file " + tls.ca_file);
    }
    if (!tls.cert_file.empty() &&
        amqp_ssl_socket_set_key(socket, tls.cert_file.c_str(), tls.key_file.c_str()) != 0) {
      return Fail("TLS",
                  "cannot load client certificate " + tls.cert_file + " with key " + tls.key_file);
    }
  } else {
    socket = amqp_tcp_socket_new(conn_);
    if (socket == nullptr) return Fail("connect", "cannot create a socket");
  }
  timeval tv = detail::ToTimeval(options_.connect_timeout);
  int rc = amqp_socket_open_noblock(socket, url_.host.c_str(), url_.port, &tv);
  if (rc != AMQP_STATUS_OK) return Fail("connect", amqp_error_string2(rc));

  const int heartbeat = static_cast<int>(options_.heartbeat.count());
  // consumer_cancel_notify: when a queue we consume is deleted, the broker
  // says so (basic.cancel) instead of leaving a consumer that silently gets
  // nothing; ProcessFrame turns it into an error, and the owner reconnects
  // and declares the queue again. rabbitmq-c merges it with its own.
  amqp_table_entry_t capability{};
  capability.key = amqp_cstring_bytes("consumer_cancel_notify");
  capability.value.kind = AMQP_FIELD_KIND_BOOLEAN;
  capability.value.value.boolean = 1;
  amqp_table_entry_t property{};
  property.key = amqp_cstring_bytes("capabilities");
  property.value.kind = AMQP_FIELD_KIND_TABLE;
  property.value.value.table = {1, &capability};
  const amqp_table_t properties{1, &property};
  amqp_rpc_reply_t reply = amqp_login_with_properties(
      conn_, url_.vhost.c_str(), 0, options_.frame_max, heartbeat, &properties,
      AMQP_SASL_METHOD_PLAIN, url_.user.c_str(), url_.password.c_str());
  if (reply.reply_type != AMQP_RESPONSE_NORMAL) {
    return Fail("login as " + url_.user + " to vhost " + url_.vhost, detail::DescribeReply(reply));
  }
  open_ = true;
  return Status::Ok();
}

Status AmqpConnection::OpenChannel() {
  if (!open_) return Fail("open channel", "connection is closed");
  amqp_channel_open(conn_, kChannel);
  amqp_rpc_reply_t reply = amqp_get_rpc_reply(conn_);
  if (reply.reply_type != AMQP_RESPONSE_NORMAL) {
    open_ = false;
    return Fail("open channel", detail::DescribeReply(reply));
  }
  channel_base_ = published_;
  confirmed_through_ = published_;
  if (confirms_) {
    amqp_confirm_select(conn_, kChannel);
    if (Status s = CheckReply("confirm.select"); !s) return s;
  }
  if (prefetch_) {
    amqp_basic_qos(conn_, kChannel, 0, *prefetch_, 0);
    if (Status s = CheckReply("basic.qos"); !s) return s;
  }
  return Status::Ok();
}

void AmqpConnection::Close() {
  if (!open_) return;
  open_ = false;
  amqp_channel_close(conn_, kChannel, AMQP_REPLY_SUCCESS);
  amqp_connection_close(conn_, AMQP_REPLY_SUCCESS);
}

Status AmqpConnection::CheckReply(const std::string& what) {
  amqp_rpc_reply_t reply = amqp_get_rpc_reply(conn_);
  switch (reply.reply_type) {
    case AMQP_RESPONSE_NORMAL:
      return Status::Ok();
    case AMQP_RESPONSE_SERVER_EXCEPTION:
      if (reply.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
        return OnChannelClosed(what, detail::CloseText(reply.reply));
      }
      return OnConnectionClosed(what, detail::CloseText(reply.reply));
    case AMQP_RESPONSE_LIBRARY_EXCEPTION:
      open_ = false;  // socket errors, timeouts and protocol errors are fatal
      return Fail(what, std::string("connection lost: ") + amqp_error_string2(reply.library_error));
    case AMQP_RESPONSE_NONE:
      break;
  }
  open_ = false;
  return Fail(what, "no reply from the relay");
}

Status AmqpConnection::OnChannelClosed(const std::string& what, const std::string& text) {
  amqp_channel_close_ok_t ok{};
  amqp_send_method(conn_, kChannel, AMQP_CHANNEL_CLOSE_OK_METHOD, &ok);
  std::string lost;
  if (!pending_.empty()) {
    lost = " (" + std::to_string(pending_.size()) + " unconfirmed publishes lost)";
  }
  pending_.clear();
  buffered_.clear();  // their delivery tags died with the channel
  buffered_bytes_ = 0;
  Status error = Fail(what, text + lost);
  if (Status s = OpenChannel(); !s) return Status::Error(error.message() + "; then " + s.message());
  return error;
}

Status AmqpConnection::OnConnectionClosed(const std::string& what, const std::string& text) {
  amqp_connection_close_ok_t ok{};
  amqp_send_method(conn_, 0, AMQP_CONNECTION_CLOSE_OK_METHOD, &ok);
  open_ = false;
  return Fail(what, "connection closed by the relay: " + text);
}

Status AmqpConnection::DeclareExchange(std::string_view name, std::string_view type) {
  if (!open_) return Fail("declare exchange", "connection is closed");
  amqp_exchange_declare(conn_, kChannel, Bytes(name), Bytes(type), /*passive=*/0, /*durable=*/1,
                        /*auto_delete=*/0, /*internal=*/0, amqp_empty_table);
  return CheckReply("declare exchange " + std::string(name));
}

Status AmqpConnection::DeclareQueue(std::string_view name) {
  if (!open_) return Fail("declare queue", "connection is closed");
  amqp_queue_declare(conn_, kChannel, Bytes(name), /*passive=*/0, /*durable=*/1,
                     /*exclusive=*/0, /*auto_delete=*/0, amqp_empty_table);
  return CheckReply("declare queue " + std::string(name));
}

Status AmqpConnection::BindQueue(std::string_view queue, std::string_view exchange,
                                 std::string_view key) {
  if (!open_) return Fail("bind queue", "connection is closed");
  amqp_queue_bind(conn_, kChannel, Bytes(queue), Bytes(exchange), Bytes(key), amqp_empty_table);
  return CheckReply("bind queue " + std::string(queue) + " to " + std::string(exchange) +
                    " with key " + std::string(key));
}

Result<QueueInfo> AmqpConnection::InspectQueue(std::string_view name) {
  if (!open_) return Fail("inspect queue", "connection is closed");
  amqp_queue_declare_ok_t* ok =
      amqp_queue_declare(conn_, kChannel, Bytes(name), /*passive=*/1, 0, 0, 0, amqp_empty_table);
  if (Status s = CheckReply("inspect queue " + std::string(name)); !s) return s;
  return QueueInfo{ok->message_count, ok->consumer_count};
}

Result<uint32_t> AmqpConnection::DeleteQueue(std::string_view name) {
  if (!open_) return Fail("delete queue", "connection is closed");
  amqp_queue_delete_ok_t* ok =
      amqp_queue_delete(conn_, kChannel, Bytes(name), /*if_unused=*/0, /*if_empty=*/0);
  if (Status s = CheckReply("delete queue " + std::string(name)); !s) return s;
  return ok->message_count;
}

Result<uint32_t> AmqpConnection::PurgeQueue(std::string_view name) {
  if (!open_) return Fail("purge queue", "connection is closed");
  amqp_queue_purge_ok_t* ok = amqp_queue_purge(conn_, kChannel, Bytes(name));
  if (Status s = CheckReply("purge queue " + std::string(name)); !s) return s;
  return ok->message_count;
}

Status AmqpConnection::EnableConfirms() {
  if (!open_) return Fail("confirm.select", "connection is closed");
  if (confirms_) return Status::Ok();
  amqp_confirm_select(conn_, kChannel);
  if (Status s = CheckReply("confirm.select"); !s) return s;
  confirms_ = true;
  channel_base_ = published_;
  return Status::Ok();
}

Status AmqpConnection::SetPrefetch(uint16_t count) {
  if (!open_) return Fail("basic.qos", "connection is closed");
  amqp_basic_qos(conn_, kChannel, 0, count, /*global=*/0);
  if (Status s = CheckReply("basic.qos"); !s) return s;
  prefetch_ = count;
  return Status::Ok();
}

Result<std::string> AmqpConnection::Consume(std::string_view queue, bool auto_ack) {
  if (!open_) return Fail("consume", "connection is closed");
  amqp_basic_consume_ok_t* ok =
      amqp_basic_consume(conn_, kChannel, Bytes(queue), amqp_empty_bytes, /*no_local=*/0,
                         auto_ack ? 1 : 0, /*exclusive=*/0, amqp_empty_table);
  if (Status s = CheckReply("consume from queue " + std::string(queue)); !s) return s;
  return ToString(ok->consumer_tag);
}

Status AmqpConnection::CancelConsumer(std::string_view consumer_tag) {
  if (!open_) return Fail("cancel consumer", "connection is closed");
  amqp_basic_cancel(conn_, kChannel, Bytes(consumer_tag));
  return CheckReply("cancel consumer " + std::string(consumer_tag));
}

Status AmqpConnection::Ack(uint64_t delivery_tag, bool multiple) {
  if (!open_) return Fail("ack", "connection is closed");
  int rc = amqp_basic_ack(conn_, kChannel, delivery_tag, multiple ? 1 : 0);
  if (rc != AMQP_STATUS_OK) {
    open_ = false;
    return Fail("ack " + std::to_string(delivery_tag), amqp_error_string2(rc));
  }
  return Status::Ok();
}

Status AmqpConnection::Nack(uint64_t delivery_tag, bool requeue) {
  if (!open_) return Fail("nack", "connection is closed");
  int rc = amqp_basic_nack(conn_, kChannel, delivery_tag, /*multiple=*/0, requeue ? 1 : 0);
  if (rc != AMQP_STATUS_OK) {
    open_ = false;
    return Fail("nack " + std::to_string(delivery_tag), amqp_error_string2(rc));
  }
  return Status::Ok();
}

}  // namespace mig::relay
