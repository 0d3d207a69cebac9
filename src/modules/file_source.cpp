#include "modules/file_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "modules/go_format.h"

namespace mig::modules {
namespace {

std::string TooLarge(const std::string& name, size_t max_bytes) {
  return name + " is larger than " + std::to_string(max_bytes) + " bytes";
}

// Closes the descriptor on every return path.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

Result<std::string> DiskFiles::Read(const std::string& name, size_t max_bytes) const {
  // O_NONBLOCK: a FIFO named by mistake must not hang the client.
  const Fd fd(open(name.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (fd.get() < 0) return Status::Error("open " + name + ": " + ErrnoText(errno));
  struct stat st {};
  if (fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode))
    return Status::Error(name + " is not a regular file");
  if (static_cast<size_t>(st.st_size) > max_bytes) return Status::Error(TooLarge(name, max_bytes));
  std::string text;
  char buf[65536];
  for (;;) {
    const ssize_t n = read(fd.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::Error("read " + name + ": " + ErrnoText(errno));
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
    if (text.size() > max_bytes)
      return Status::Error(name + " grew past " + std::to_string(max_bytes) +
                           " bytes while it was read");
  }
  return text;
}

Result<std::string> UploadedFiles::Read(const std::string& name, size_t max_bytes) const {
  auto it = files_.find(name);
  if (it == files_.end())
    return Status::Error("file '" + name +
                         "' was not uploaded with the request (the server never reads its own "
                         "files)");
  if (it->second.size() > max_bytes) return Status::Error(TooLarge(name, max_bytes));
  return it->second;
}

Result<std::string> NoFiles::Read(const std::string& name, size_t /*max_bytes*/) const {
  return Status::Error("cannot read file '" + name + "': no file source here");
}

}  // namespace mig::modules
