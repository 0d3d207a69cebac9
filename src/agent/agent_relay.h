// The agent's two relay connections: one consumes its queue (used by a single
// thread), one publishes results and heartbeats (shared, serialised). Both
// reconnect with backoff, forever, until asked to stop.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/status.h"
#include "relay/amqp_connection.h"

namespace mig::agent {

class AgentRelay {
 public:
  // own_account: the connection logs in as this agent (core/agent_credential.h),
  // so its queue is not bound to toagents (the scheduler publishes to it by
  // name; binding would need rights that let an agent read others' commands)
  // and what it publishes carries its user-id. Otherwise MIG's shared account.
  AgentRelay(relay::ConnectOptions options, std::string queue_loc, bool own_account,
             uint16_t prefetch, std::chrono::seconds heartbeat_interval,
             const std::atomic<bool>& stop);

  // Connects the consumer: declares mig.agt.<queueloc> (and binds it to
  // toagents with a shared account), consumes with manual acks. Retries with
  // backoff until it works or stop is set.
  Status ConnectConsumer();
  bool consumer_connected() const { return consumer_ && consumer_->is_open(); }

  // Consumer thread only. An error means the connection was lost: call
  // ConnectConsumer() again.
  Result<std::vector<relay::Delivery>> Receive(size_t max, std::chrono::milliseconds timeout);
  Status Ack(uint64_t delivery_tag);

  // Any thread. Publishes to toschedulers and waits for the broker's
  // confirmation; retries (reconnecting as needed) until confirmed or stop.
  Status PublishResult(const std::string& body);
  // One attempt only: a missed heartbeat is replaced by the next one.
  Status PublishHeartbeat(const std::string& body);

  const std::string& queue_name() const { return queue_; }

 private:
  Status EnsurePublisher();  // with publisher_mu_ held
  Status PublishOnce(const std::string& routing_key, const std::string& body);

  relay::ConnectOptions options_;
  std::string queue_loc_;
  std::string queue_;
  bool own_account_;
  uint16_t prefetch_;
  std::chrono::seconds heartbeat_interval_;
  const std::atomic<bool>& stop_;

  std::unique_ptr<relay::AmqpConnection> consumer_;
  std::mutex publisher_mu_;
  std::unique_ptr<relay::AmqpConnection> publisher_;
};

}  // namespace mig::agent
