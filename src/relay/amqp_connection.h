// A small C++ wrapper over rabbitmq-c: one AMQP 0-9-1 connection with one
// channel, plain or TLS. Errors are Status values whose text names the relay
// and what failed, e.g.
//   relay amqp://127.0.0.1:5672/mig: login as agent: ACCESS_REFUSED - Login was refused...
//
// Thread safety: NONE. rabbitmq-c connection state is not thread-safe, so an
// AmqpConnection must be used by one thread at a time (one connection per
// thread, or the caller holds a mutex around every call). Agents and the
// scheduler open one connection per loop (publisher, consumer, clean-up).
//
// Throughput: Publish() only writes; confirms are read in batches by
// WaitConfirms(), so a publisher pipelines thousands of messages per round
// trip. Receive() returns every delivery already buffered, up to a limit, in
// one call.
//
// A channel error (publishing to a forbidden exchange, inspecting a missing
// queue) closes the channel on the broker; the wrapper reports it and opens a
// fresh channel with the same confirm and QoS settings, so the connection stays
// usable. Consumers started on the old channel are gone after that.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "relay/message.h"
#include "relay/relay_url.h"

struct amqp_connection_state_t_;

namespace mig::relay {

struct TlsOptions {
  std::string ca_file;    // PEM CA that signed the relay's certificate
  std::string cert_file;  // PEM client certificate (RabbitMQ fail_if_no_peer_cert)
  std::string key_file;   // PEM key of cert_file
  bool verify_peer = true;
  bool verify_hostname = true;
};

struct ConnectOptions {
  RelayUrl url;
  TlsOptions tls;  // used when url.tls
  // AMQP heartbeat (0 = off). Agents use 2 x heartbeat interval (7.5).
  std::chrono::seconds heartbeat{0};
  std::chrono::milliseconds connect_timeout{5000};
  // Largest frame we accept; bigger bodies are split by the library.
  int frame_max = 131072;
  // Largest message body a delivery keeps (0: no limit). A bigger one is
  // read one frame at a time and thrown away (Delivery::oversized), so its
  // size costs no memory.
  uint64_t max_body_bytes = 0;
};

class AmqpConnection {
 public:
  // Connects, logs in and opens channel 1.
  static Result<std::unique_ptr<AmqpConnection>> Open(const ConnectOptions& options);
  ~AmqpConnection();  // Close() if still open
  AmqpConnection(const AmqpConnection&) = delete;
  AmqpConnection& operator=(const AmqpConnection&) = delete;

  // Closes the channel and the connection politely; safe to call twice.
  void Close();
  // Leaves without the closing handshake (the socket is closed when this
  // object goes): for a process going away that must not wait on a busy
  // broker, which cleans up when it sees the socket close.
  void Abandon() { open_ = false; }
  // False once the broker closed the connection or the socket failed.
  bool is_open() const { return open_; }
  const RelayUrl& url() const { return url_; }

  // --- topology: durable, not auto-delete, not exclusive, no arguments ---
  Status DeclareExchange(std::string_view name, std::string_view type = kExchangeType);
  Status DeclareQueue(std::string_view name);
  Status BindQueue(std::string_view queue, std::string_view exchange, std::string_view key);
  // Fails (NOT_FOUND) when the queue does not exist.
  Result<QueueInfo> InspectQueue(std::string_view name);
  // Deletes whether or not it is used or empty; returns the messages dropped.
  Result<uint32_t> DeleteQueue(std::string_view name);
  Result<uint32_t> PurgeQueue(std::string_view name);

  // --- publishing ---
  // confirm.select: from now on every publish is confirmed by the broker.
  Status EnableConfirms();
  // Writes one message and returns its sequence number (1, 2, ... once
  // confirms are on; 0 without). Does not wait for the broker.
  Result<uint64_t> Publish(std::string_view exchange, std::string_view routing_key,
                           std::string_view body, const MessageProperties& properties,
                           bool mandatory = true);
  // Waits until every publish so far is confirmed, or the timeout passes
  // (error, outstanding publishes stay pending). Returns the publishes that
  // were returned as unroutable or nacked; an empty list means all are safe.
  Result<std::vector<PublishFailure>> WaitConfirms(std::chrono::milliseconds timeout);
  // Reads the confirms and returns already received, without waiting, and
  // returns the failures among them (as WaitConfirms). Publishes up to
  // confirmed_through() are settled from then on.
  Result<std::vector<PublishFailure>> PollConfirms();
  // Reads whatever has arrived, without waiting, and sends an AMQP heartbeat
  // when one is due: a connection that only publishes now and then must call
  // this more often than half the heartbeat interval, or the broker closes it.
  Status KeepAlive();
  // Sequence numbers written but not yet confirmed.
  uint64_t unconfirmed() const { return published_ - confirmed_through_; }
  // Every sequence number up to this one is settled (confirmed or failed).
  uint64_t confirmed_through() const { return confirmed_through_; }

  // --- consuming ---
  // basic.qos with a per-consumer prefetch count (0 = unlimited).
  Status SetPrefetch(uint16_t count);
  // basic.consume; returns the consumer tag.
  Result<std::string> Consume(std::string_view queue, bool auto_ack = false);
  Status CancelConsumer(std::string_view consumer_tag);
  // Waits up to `timeout` for a first delivery, then also takes every delivery
  // already received without waiting again, up to max_messages and until the
  // bodies taken reach max_bytes (the first delivery is taken whatever its
  // size; the rest stay unread in the socket). An empty list means the
  // timeout passed. Fails when the connection or channel is lost.
  Result<std::vector<Delivery>> Receive(size_t max_messages, std::chrono::milliseconds timeout,
                                        size_t max_bytes = SIZE_MAX);
  uint64_t max_body_bytes() const { return options_.max_body_bytes; }
  Status Ack(uint64_t delivery_tag, bool multiple = false);
  Status Nack(uint64_t delivery_tag, bool requeue);
  // basic.get: one message or nothing.
  Result<std::optional<Delivery>> Get(std::string_view queue, bool auto_ack = false);

 private:
  struct Pending {
    uint64_t sequence = 0;
    std::string exchange;
    std::string routing_key;
    bool returned = false;
  };
  explicit AmqpConnection(const ConnectOptions& options);
  Status Connect();
  // Opens channel 1 and re-applies confirm mode and QoS.
  Status OpenChannel();
  // Turns the last RPC reply into a Status; handles channel/connection close.
  Status CheckReply(const std::string& what);
  Status Fail(const std::string& what, const std::string& why) const;
  // The broker closed our channel: acknowledge, drop what was in flight on it,
  // reopen. Returns the error to report.
  Status OnChannelClosed(const std::string& what, const std::string& text);
  Status OnConnectionClosed(const std::string& what, const std::string& text);
  // Reads at most one frame (waiting up to `timeout`) and acts on it. Sets
  // timed_out when nothing came; a basic.deliver is appended to buffered_.
  Status ProcessFrame(std::chrono::milliseconds timeout, bool& timed_out);
  // Processes whatever is already readable without blocking.
  Status Drain();
  // Reads the content header and body frames that follow a deliver, return
  // or get-ok into *out (nullptr: discard), one frame at a time.
  Status ReadContent(uint16_t channel, Delivery* out);
  Status OnReturn(const void* method, uint16_t channel);
  Status OnDeliver(const void* method, uint16_t channel);
  void OnConfirm(uint64_t tag, bool multiple, bool ack);

  ConnectOptions options_;
  RelayUrl url_;
  amqp_connection_state_t_* conn_ = nullptr;
  bool open_ = false;
  static constexpr uint16_t kChannel = 1;
  bool confirms_ = false;
  std::optional<uint16_t> prefetch_;

  uint64_t published_ = 0;          // last sequence number used
  uint64_t confirmed_through_ = 0;  // every seq <= this is settled
  uint64_t channel_base_ = 0;       // published_ when the channel was opened
  std::deque<Pending> pending_;     // unsettled publishes, ascending seq
  std::vector<PublishFailure> failures_;
  std::deque<Delivery> buffered_;  // deliveries read but not yet returned
  size_t buffered_bytes_ = 0;      // their bodies' bytes
};

}  // namespace mig::relay
