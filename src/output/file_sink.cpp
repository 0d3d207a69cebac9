#include "output/file_sink.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace mig::output {

Result<std::unique_ptr<FileSink>> FileSink::Open(const std::string& path) {
  if (path == "-") return std::unique_ptr<FileSink>(new FileSink(1, false, "standard output"));
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return Result<std::unique_ptr<FileSink>>::Error(path + ": " + std::strerror(errno));
  return std::unique_ptr<FileSink>(new FileSink(fd, true, path));
}

FileSink::~FileSink() {
  if (owned_) close(fd_);
}

Status FileSink::Write(const FindingLine& line) {
  const std::string data = line.json + "\n";
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = write(fd_, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Status::Error(name_ + ": " + std::strerror(n < 0 ? errno : EIO));
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

}  // namespace mig::output
