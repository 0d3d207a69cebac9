// The lock every program that edits the user database takes: a write lock
// (fcntl) on the whole of /etc/.pwd.lock, as glibc's lckpwdf(3) takes it
// and shadow-utils (useradd, usermod, passwd, vipw...) calls it. Taken here
// without lckpwdf so that the wait needs no SIGALRM and a lock file this
// process has to create is handed to root at once.
#pragma once

#include <chrono>
#include <string>

#include "core/status.h"

namespace mig::modules::account {

// lckpwdf's own wait.
constexpr std::chrono::milliseconds kPasswdLockWait{15000};

class PasswdLock {
 public:
  // Waits up to `wait` for the lock on etc_dir + "/.pwd.lock".
  static Result<PasswdLock> Acquire(const std::string& etc_dir, std::chrono::milliseconds wait);

  PasswdLock(PasswdLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  PasswdLock& operator=(PasswdLock&&) = delete;
  PasswdLock(const PasswdLock&) = delete;
  ~PasswdLock();  // releases it

 private:
  explicit PasswdLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace mig::modules::account
