#include "core/regular_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace mig {

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) close(fd_);
}

RegularFileRead ReadRegularFile(int fd, size_t max_bytes) {
  using Outcome = RegularFileRead::Outcome;
  RegularFileRead out;
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    out.outcome = Outcome::kNotRegular;
    return out;
  }
  if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    out.outcome = Outcome::kTooLarge;
    return out;
  }
  char buf[65536];
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      out.outcome = Outcome::kReadError;
      out.error = errno;
      out.content.clear();
      return out;
    }
    if (n == 0) break;
    out.content.append(buf, static_cast<size_t>(n));
    // The size checked above may have changed since.
    if (out.content.size() > max_bytes) {
      out.outcome = Outcome::kGrew;
      out.content.clear();
      return out;
    }
  }
  return out;
}

}  // namespace mig
