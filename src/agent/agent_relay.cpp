#include "agent/agent_relay.h"

#include <thread>

#include <spdlog/spdlog.h>

#include "relay/backoff.h"
#include "relay/topology.h"

namespace mig::agent {
namespace {

// Sleeps in small steps so that a stop request is noticed quickly.
void SleepUnlessStopped(std::chrono::milliseconds d, const std::atomic<bool>& stop) {
  const auto until = std::chrono::steady_clock::now() + d;
  while (!stop && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace

AgentRelay::AgentRelay(relay::ConnectOptions options, std::string queue_loc, bool own_account,
                       uint16_t prefetch, std::chrono::seconds heartbeat_interval,
                       const std::atomic<bool>& stop)
    : options_(std::move(options)),
      queue_loc_(std::move(queue_loc)),
      queue_(relay::AgentQueueName(queue_loc_)),
      own_account_(own_account),
      prefetch_(prefetch),
      heartbeat_interval_(heartbeat_interval),
      stop_(stop) {}

Status AgentRelay::ConnectConsumer() {
  relay::Backoff backoff;
  while (!stop_) {
    consumer_.reset();
    auto conn = relay::AmqpConnection::Open(options_);
    Status s = conn.ok() ? Status::Ok() : conn.status();
    if (s.ok()) s = (*conn)->DeclareQueue(queue_);
    if (s.ok() && !own_account_) s = (*conn)->BindQueue(queue_, relay::kToAgentsExchange, queue_);
    if (s.ok()) s = (*conn)->SetPrefetch(prefetch_);
    if (s.ok()) {
      auto tag = (*conn)->Consume(queue_, /*auto_ack=*/false);
      s = tag.status();
    }
    if (s.ok()) {
      consumer_ = std::move(conn.value());
      spdlog::info("consuming {} on {}", queue_, options_.url.Display());
      return Status::Ok();
    }
    auto delay = backoff.Next();
    spdlog::warn("relay not available ({}); retrying in {} ms", s.message(), delay.count());
    SleepUnlessStopped(delay, stop_);
  }
  return Status::Error("stopped");
}

Result<std::vector<relay::Delivery>> AgentRelay::Receive(size_t max,
                                                         std::chrono::milliseconds timeout) {
  if (!consumer_) return Result<std::vector<relay::Delivery>>::Error("not connected");
  return consumer_->Receive(max, timeout);
}

Status AgentRelay::Ack(uint64_t delivery_tag) {
  if (!consumer_) return Status::Error("not connected");
  return consumer_->Ack(delivery_tag);
}

Status AgentRelay::EnsurePublisher() {
  if (publisher_ && publisher_->is_open()) return Status::Ok();
  publisher_.reset();
  auto conn = relay::AmqpConnection::Open(options_);
  if (!conn) return conn.status();
  Status s = (*conn)->EnableConfirms();
  if (!s.ok()) return s;
  publisher_ = std::move(conn.value());
  return Status::Ok();
}

Status AgentRelay::PublishOnce(const std::string& routing_key, const std::string& body) {
  std::lock_guard lock(publisher_mu_);
  Status s = EnsurePublisher();
  if (!s.ok()) return s;
  auto props = relay::ResultProperties(heartbeat_interval_);
  if (!props) return props.status();
  if (own_account_) props->user_id = queue_loc_;
  auto seq = publisher_->Publish(relay::kToSchedulersExchange, routing_key, body, *props,
                                 /*mandatory=*/true);
  if (!seq) return seq.status();
  auto failures = publisher_->WaitConfirms(std::chrono::seconds(30));
  if (!failures) return failures.status();
  if (!failures->empty()) {
    return Status::Error("relay did not take the message: " + failures->front().reason +
                         " (is the scheduler's " + routing_key + " queue declared?)");
  }
  return Status::Ok();
}

Status AgentRelay::PublishResult(const std::string& body) {
  relay::Backoff backoff;
  while (true) {
    Status s = PublishOnce(std::string(relay::kResultsQueue), body);
    if (s.ok() || stop_) return s;
    auto delay = backoff.Next();
    spdlog::warn("cannot publish a result ({}); retrying in {} ms", s.message(), delay.count());
    SleepUnlessStopped(delay, stop_);
  }
}

Status AgentRelay::PublishHeartbeat(const std::string& body) {
  return PublishOnce(std::string(relay::kHeartbeatsQueue), body);
}

}  // namespace mig::agent
