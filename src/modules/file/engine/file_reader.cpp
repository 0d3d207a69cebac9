#include "modules/file/engine/file_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <memory>
#include <vector>

#include <zlib.h>

#include "modules/go_format.h"

namespace mig::modules::file {
namespace {

constexpr size_t kBufferSize = size_t{128} << 10;

// Closes the descriptor on every path out.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) close(fd);
  }
};

int OpenForReading(int dirfd, const char* name, int extra_flags) {
  const int flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | extra_flags;
  // O_NOATIME keeps investigations from touching access times; it is only
  // allowed on files we own (or with CAP_FOWNER).
  int fd = openat(dirfd, name, flags | O_NOATIME);
  if (fd < 0 && errno == EPERM) fd = openat(dirfd, name, flags);
  return fd;
}

// read(2) that retries interruptions; EAGAIN (a non-blocking special file
// such as /proc/kmsg) counts as the end of the data.
ssize_t ReadSome(int fd, char* buf, size_t n) {
  for (;;) {
    const ssize_t got = read(fd, buf, n);
    if (got >= 0) return got;
    if (errno == EINTR) continue;
    if (errno == EAGAIN) return 0;
    return -1;
  }
}

class Gunzip {
 public:
  Gunzip() { Reset(); }
  ~Gunzip() { inflateEnd(&z_); }
  Gunzip(const Gunzip&) = delete;
  Gunzip& operator=(const Gunzip&) = delete;

  // Inflates input into the sink; returns an error text or "".
  std::string Feed(std::string_view input, const ByteSink& sink, bool* stop) {
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    z_.avail_in = static_cast<uInt>(input.size());
    while (z_.avail_in > 0) {
      if (member_ended_) {
        // Another gzip member follows, as Go's multistream reader allows.
        inflateReset(&z_);
        member_ended_ = false;
      }
      z_.next_out = reinterpret_cast<Bytef*>(out_.data());
      z_.avail_out = static_cast<uInt>(out_.size());
      const int rc = inflate(&z_, Z_NO_FLUSH);
      const size_t produced = out_.size() - z_.avail_out;
      if (produced > 0 && !sink(std::string_view(out_.data(), produced))) {
        *stop = true;
        return "";
      }
      if (rc == Z_STREAM_END) {
        member_ended_ = true;
        continue;
      }
      if (rc == Z_BUF_ERROR && z_.avail_in == 0) break;
      if (rc != Z_OK) return Describe(rc);
    }
    return "";
  }

  std::string End() const {
    if (!member_ended_) return "gzip: unexpected EOF (the compressed stream is truncated)";
    return "";
  }

 private:
  void Reset() {
    z_ = z_stream{};
    inflateInit2(&z_, 16 + MAX_WBITS);
    out_.resize(kBufferSize);
  }
  std::string Describe(int rc) const {
    std::string msg = z_.msg ? z_.msg : "error " + std::to_string(rc);
    if (msg == "incorrect header check" || msg == "unknown compression method")
      return "gzip: invalid header (" + msg + ")";
    return "flate: corrupt input (" + msg + ")";
  }

  z_stream z_{};
  std::vector<char> out_;
  bool member_ended_ = false;
};

}  // namespace

ReadOutcome ReadFileOnce(int dirfd, const char* name, bool decompress, const ByteSink& sink,
                         FileKind kind) {
  // A regular entry is opened without following links: if it became a link
  // since the directory was listed, the slow path below checks the target.
  bool trusted = kind == FileKind::kRegularOnDisk;
  Fd f{OpenForReading(dirfd, name, trusted ? O_NOFOLLOW : 0)};
  if (f.fd < 0 && trusted && errno == ELOOP) {
    trusted = false;
    f.fd = OpenForReading(dirfd, name, 0);
  }
  if (f.fd < 0) return {ReadOutcome::kOpenFailed, "open: " + ErrnoText(errno)};
  // 0 means "read until read(2) says the end": procfs files say 0.
  uint64_t expected = 0;
  if (!trusted) {
    struct stat st {};
    if (fstat(f.fd, &st) != 0) return {ReadOutcome::kOpenFailed, "stat: " + ErrnoText(errno)};
    if (!S_ISREG(st.st_mode)) return {ReadOutcome::kNotRegular, "not a regular file"};
    expected = static_cast<uint64_t>(st.st_size);
  }

  thread_local std::vector<char> buffer(kBufferSize);
  std::unique_ptr<Gunzip> gunzip;
  bool first = true;
  bool stop = false;
  uint64_t total = 0;
  // Once the size stat gave is read (or a trusted file gave a short read),
  // the read(2) that would return 0 is skipped.
  for (bool more = true; more && (expected == 0 || total < expected);) {
    const ssize_t got = ReadSome(f.fd, buffer.data(), buffer.size());
    if (got < 0) {
      // A trusted entry replaced by a directory since it was listed.
      if (errno == EISDIR) return {ReadOutcome::kNotRegular, "not a regular file"};
      return {ReadOutcome::kReadFailed, "read: " + ErrnoText(errno)};
    }
    if (got == 0) break;
    if (trusted && static_cast<size_t>(got) < buffer.size()) more = false;
    total += static_cast<uint64_t>(got);
    // Only large files gain from a wider readahead; for the many small ones
    // the call would be one more system call each.
    if (total == 4 * kBufferSize) posix_fadvise(f.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    std::string_view data(buffer.data(), static_cast<size_t>(got));
    if (first) {
      first = false;
      if (decompress && data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1f &&
          static_cast<unsigned char>(data[1]) == 0x8b)
        gunzip = std::make_unique<Gunzip>();
    }
    if (gunzip) {
      std::string err = gunzip->Feed(data, sink, &stop);
      if (!err.empty()) return {ReadOutcome::kBadGzip, err};
    } else if (!sink(data)) {
      stop = true;
    }
    if (stop) return {};
  }
  if (gunzip) {
    std::string err = gunzip->End();
    if (!err.empty()) return {ReadOutcome::kBadGzip, err};
  }
  return {};
}

}  // namespace mig::modules::file
