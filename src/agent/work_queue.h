// A bounded-by-nothing, closable multi-producer multi-consumer queue for
// handing commands from the relay consumer to the worker threads.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

namespace mig::agent {

template <typename T>
class WorkQueue {
 public:
  void Push(T item) {
    {
      std::lock_guard lock(mu_);
      items_.push_back(std::move(item));
    }
    cv_.notify_one();
  }
  // Blocks until an item arrives or the queue is closed and empty.
  std::optional<T> Pop() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return closed_ || !items_.empty(); });
    if (items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    ++busy_;
    return item;
  }
  // A worker finished the item it popped.
  void Done() {
    std::lock_guard lock(mu_);
    --busy_;
  }
  // Nothing queued and nothing being worked on.
  bool Idle() {
    std::lock_guard lock(mu_);
    return items_.empty() && busy_ == 0;
  }
  void Close() {
    {
      std::lock_guard lock(mu_);
      closed_ = true;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<T> items_;
  int busy_ = 0;
  bool closed_ = false;
};

}  // namespace mig::agent
