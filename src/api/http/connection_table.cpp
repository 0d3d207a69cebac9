#include "api/http/connection_table.h"

namespace mig::api::http {

bool ConnectionTable::Admit(const std::string& address) {
  std::lock_guard lock(mu_);
  if (open_ >= total_) return false;
  size_t& n = counts_[address];
  if (n >= per_address_) {
    if (n == 0) counts_.erase(address);
    return false;
  }
  ++n;
  ++open_;
  return true;
}

void ConnectionTable::Release(const std::string& address) {
  std::lock_guard lock(mu_);
  auto it = counts_.find(address);
  if (it == counts_.end()) return;
  if (--it->second == 0) counts_.erase(it);
  --open_;
}

size_t ConnectionTable::open() const {
  std::lock_guard lock(mu_);
  return open_;
}

}  // namespace mig::api::http
