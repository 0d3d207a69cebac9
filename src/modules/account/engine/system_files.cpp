#include "modules/account/engine/system_files.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace mig::modules::account {
namespace {

std::string Errno() {
  return strerror(errno);
}

// Closes its descriptor when it goes out of scope.
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

void SplitPath(const std::string& path, std::string* dir, std::string* base) {
  const size_t slash = path.rfind('/');
  *dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  *base = slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string RandomSuffix() {
  unsigned char bytes[8] = {};
  if (getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes)) {
    const auto pid = static_cast<unsigned>(getpid());
    memcpy(bytes, &pid, sizeof pid);
  }
  std::string out;
  char hex[3];
  for (unsigned char b : bytes) {
    snprintf(hex, sizeof hex, "%02x", b);
    out += hex;
  }
  return out;
}

Status WriteAll(int fd, const std::string& data) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t w = write(fd, data.data() + off, data.size() - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return Status::Error(Errno());
    off += static_cast<size_t>(w);
  }
  return Status::Ok();
}

}  // namespace

Result<FileContent> ReadSystemFile(const std::string& path, size_t max_bytes) {
  Fd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
  if (fd.get() < 0) return Result<FileContent>::Error("cannot open " + path + ": " + Errno());
  struct stat st {};
  if (fstat(fd.get(), &st) != 0)
    return Result<FileContent>::Error("cannot stat " + path + ": " + Errno());
  if (!S_ISREG(st.st_mode))
    return Result<FileContent>::Error(path + " is not a regular file: refused");
  if (static_cast<size_t>(st.st_size) > max_bytes)
    return Result<FileContent>::Error(path + " is larger than " + std::to_string(max_bytes) +
                                      " bytes: refused");
  FileContent out;
  out.owner = st.st_uid;
  out.group = st.st_gid;
  out.mode = st.st_mode & 07777;
  char buf[65536];
  while (true) {
    ssize_t n = read(fd.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Result<FileContent>::Error("cannot read " + path + ": " + Errno());
    if (n == 0) break;
    out.data.append(buf, static_cast<size_t>(n));
    if (out.data.size() > max_bytes)  // grew while read
      return Result<FileContent>::Error(path + " is larger than " + std::to_string(max_bytes) +
                                        " bytes: refused");
  }
  return out;
}

Status WriteSystemFile(const std::string& path, const std::string& data, uid_t owner, gid_t group,
                       mode_t mode, bool replace) {
  std::string dir, base;
  SplitPath(path, &dir, &base);
  auto fail = [&](const std::string& what) {
    return Status::Error("cannot write " + path + ": " + what + ": " + Errno() +
                         " (the file is unchanged)");
  };
  Fd dfd(open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dfd.get() < 0) return fail("open " + dir);
  Fd fd(openat(dfd.get(), ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600));
  if (fd.get() < 0) return fail("O_TMPFILE in " + dir);
  // Owner first, then mode: the file never has its final mode while it still
  // belongs to the module's uid.
  if (fchown(fd.get(), owner, group) != 0) return fail("fchown");
  if (fchmod(fd.get(), mode) != 0) return fail("fchmod");
  if (Status st = WriteAll(fd.get(), data); !st) return fail("write");
  if (fsync(fd.get()) != 0) return fail("fsync");
  const std::string tmp = "." + base + ".mig-" + RandomSuffix();
  const std::string proc = "/proc/self/fd/" + std::to_string(fd.get());
  if (linkat(AT_FDCWD, proc.c_str(), dfd.get(), tmp.c_str(), AT_SYMLINK_FOLLOW) != 0)
    return fail("link " + dir + "/" + tmp);
  const unsigned flags = replace ? 0 : RENAME_NOREPLACE;
  if (renameat2(dfd.get(), tmp.c_str(), dfd.get(), base.c_str(), flags) != 0) {
    const int saved = errno;
    unlinkat(dfd.get(), tmp.c_str(), 0);
    errno = saved;
    return fail("rename " + tmp);
  }
  if (fsync(dfd.get()) != 0) return Status::Error("cannot sync " + dir + ": " + Errno());
  return Status::Ok();
}

Status RemoveSystemFile(const std::string& path) {
  std::string dir, base;
  SplitPath(path, &dir, &base);
  Fd dfd(open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dfd.get() < 0) return Status::Error("cannot open " + dir + ": " + Errno());
  if (unlinkat(dfd.get(), base.c_str(), 0) != 0 && errno != ENOENT)
    return Status::Error("cannot remove " + path + ": " + Errno());
  fsync(dfd.get());
  return Status::Ok();
}

bool PathExists(const std::string& path) {
  struct stat st {};
  return lstat(path.c_str(), &st) == 0;
}

}  // namespace mig::modules::account
