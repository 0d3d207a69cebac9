// Store connections shared by the server's worker threads: a Store is one
// connection and not thread-safe, so each request borrows one for its
// duration. Connections are opened on demand and kept for reuse.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace mig::api {

class StorePool {
 public:
  using Opener = std::function<Result<std::unique_ptr<store::Store>>()>;
  explicit StorePool(Opener opener) : opener_(std::move(opener)) {}

  // A borrowed connection, given back when the lease goes away.
  class Lease {
   public:
    Lease(StorePool* pool, std::unique_ptr<store::Store> s) : pool_(pool), s_(std::move(s)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (s_) pool_->GiveBack(std::move(s_));
    }
    store::Store& operator*() { return *s_; }
    store::Store* operator->() { return s_.get(); }

   private:
    StorePool* pool_;
    std::unique_ptr<store::Store> s_;
  };

  Result<Lease> Borrow();

 private:
  void GiveBack(std::unique_ptr<store::Store> s);
  Opener opener_;
  std::mutex mu_;
  std::vector<std::unique_ptr<store::Store>> idle_;
};

}  // namespace mig::api
