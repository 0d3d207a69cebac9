#include "client/quiet_stderr.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

namespace mig::client {

QuietStderr::QuietStderr() {
  std::cerr.flush();
  std::fflush(stderr);
  const int null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (null_fd < 0) return;
  saved_ = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 0);
  if (saved_ >= 0 && dup2(null_fd, STDERR_FILENO) < 0) {
    close(saved_);
    saved_ = -1;
  }
  close(null_fd);
}

QuietStderr::~QuietStderr() {
  if (saved_ < 0) return;
  std::fflush(stderr);
  dup2(saved_, STDERR_FILENO);
  close(saved_);
}

}  // namespace mig::client
