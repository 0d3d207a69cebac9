// Open connections per client address, so that one address cannot take
// every descriptor the server has.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace mig::api::http {

class ConnectionTable {
 public:
  ConnectionTable(size_t per_address, size_t total) : per_address_(per_address), total_(total) {}
  // Counts a new connection from address; false (not counted) when over a limit.
  bool Admit(const std::string& address);
  void Release(const std::string& address);
  size_t open() const;

 private:
  const size_t per_address_, total_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, size_t> counts_;
  size_t open_ = 0;
};

}  // namespace mig::api::http
