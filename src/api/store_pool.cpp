#include "api/store_pool.h"

namespace mig::api {

Result<StorePool::Lease> StorePool::Borrow() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      auto s = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(s));
    }
  }
  auto opened = opener_();
  if (!opened.ok()) return opened.status().Context("database");
  return Lease(this, std::move(*opened));
}

void StorePool::GiveBack(std::unique_ptr<store::Store> s) {
  std::lock_guard<std::mutex> lock(mu_);
  idle_.push_back(std::move(s));
}

}  // namespace mig::api
