#include "scheduler/batch_receiver.h"

#include <spdlog/spdlog.h>

#include "core/log_escape.h"

namespace mig::scheduler {

Status ConsumeInBatches(relay::AmqpConnection& conn, std::string_view queue,
                        const BatchOptions& options, const std::atomic<bool>& stop,
                        const std::function<Status(const std::vector<RelayMessage>&)>& store) {
  using Clock = std::chrono::steady_clock;
  Status s = conn.SetPrefetch(options.prefetch);
  if (!s.ok()) return s;
  auto tag = conn.Consume(queue, /*auto_ack=*/false);
  if (!tag) return tag.status();
  std::vector<relay::Delivery> batch;
  while (!stop) {
    batch.clear();
    auto first =
        conn.Receive(options.max_messages, std::chrono::milliseconds(200), options.max_bytes);
    if (!first) return first.status();
    if (first->empty()) continue;
    batch = std::move(*first);
    size_t bytes = 0;
    for (const auto& d : batch)
      bytes += d.body.size();
    const auto close_at = Clock::now() + options.linger;
    while (batch.size() < options.max_messages && bytes < options.max_bytes && !stop) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(close_at - Clock::now());
      if (left.count() <= 0) break;
      auto more =
          conn.Receive(options.max_messages - batch.size(), left, options.max_bytes - bytes);
      if (!more) return more.status();
      if (more->empty()) break;
      for (auto& d : *more) {
        bytes += d.body.size();
        batch.push_back(std::move(d));
      }
    }
    std::vector<RelayMessage> messages;
    messages.reserve(batch.size());
    for (auto& d : batch) {
      if (d.oversized) {
        spdlog::warn(
            "dropping a message of {} bytes from {} (relay user \"{}\"): larger than the {} bytes "
            "a message may have ([mq] maxresultsize)",
            d.body_size, queue, EscapeLogValue(d.properties.user_id.value_or("")),
            conn.max_body_bytes());
        continue;
      }
      messages.push_back(
          {std::move(d.body), std::move(d.properties.user_id), std::move(d.properties.expiration)});
    }
    if (!messages.empty()) {
      s = store(messages);
      if (!s.ok()) return s;  // not acked: redelivered after reconnecting
    }
    s = conn.Ack(batch.back().delivery_tag, /*multiple=*/true);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace mig::scheduler
