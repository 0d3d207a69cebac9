#include "modules/account/engine/ssh_keys.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace mig::modules::account {
namespace {

// -1 with errno ENOENT when there is no .ssh; an error for anything but a
// real directory.
Result<int> OpenSshDir(const std::string& home) {
  const std::string ssh = home + "/.ssh";
  int hfd = open(home.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (hfd < 0) {
    if (errno == ENOENT) return -1;
    return Result<int>::Error("cannot open the home " + home + ": " + strerror(errno));
  }
  int fd = openat(hfd, ".ssh", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  const int saved = errno;
  close(hfd);
  if (fd >= 0) return fd;
  if (saved == ENOENT) return -1;
  if (saved == ELOOP || saved == ENOTDIR)
    return Result<int>::Error(ssh +
                              " is not a directory (a symbolic link?): its keys files "
                              "were not touched");
  return Result<int>::Error("cannot open " + ssh + ": " + strerror(saved));
}

bool Exists(int dirfd, const std::string& name) {
  struct stat st {};
  return fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
}

KeyMove Move(const std::string& home, const std::string& name, bool locking) {
  const std::string dir = home + "/.ssh/";
  const std::string locked = name + kLockedSuffix;
  return locking ? KeyMove{name, dir + name, dir + locked}
                 : KeyMove{name, dir + locked, dir + name};
}

}  // namespace

const std::vector<std::string>& AuthorizedKeysNames() {
  static const std::vector<std::string> names = {"authorized_keys", "authorized_keys2"};
  return names;
}

Result<std::vector<KeyMove>> PlanKeysLock(const std::string& home) {
  std::vector<KeyMove> moves;
  auto fd = OpenSshDir(home);
  if (!fd) return fd.status();
  if (*fd < 0) return moves;
  for (const auto& name : AuthorizedKeysNames()) {
    if (!Exists(*fd, name)) continue;
    KeyMove m = Move(home, name, true);
    if (Exists(*fd, name + kLockedSuffix)) {
      close(*fd);
      return Result<std::vector<KeyMove>>::Error(m.to +
                                                 " exists already: refused (it would be "
                                                 "overwritten); move it away first");
    }
    moves.push_back(std::move(m));
  }
  close(*fd);
  return moves;
}

Result<std::vector<KeyMove>> PlanKeysUnlock(const std::string& home,
                                            const std::vector<std::string>& names,
                                            std::vector<std::string>* missing) {
  std::vector<KeyMove> moves;
  auto fd = OpenSshDir(home);
  if (!fd) return fd.status();
  for (const auto& name : names) {
    KeyMove m = Move(home, name, false);
    if (*fd < 0 || !Exists(*fd, name + kLockedSuffix)) {
      missing->push_back(m.from);
      continue;
    }
    if (Exists(*fd, name)) {
      close(*fd);
      return Result<std::vector<KeyMove>>::Error(
          m.to + " exists again: refused (it would be overwritten); " + m.from +
          " was left in place, merge the two by hand");
    }
    moves.push_back(std::move(m));
  }
  if (*fd >= 0) close(*fd);
  return moves;
}

Status MoveKeysFile(const std::string& home, const KeyMove& move) {
  auto fd = OpenSshDir(home);
  if (!fd) return fd.status();
  if (*fd < 0) return Status::Error(home + "/.ssh is gone: " + move.from + " not moved");
  const std::string from = move.from.substr(move.from.rfind('/') + 1);
  const std::string to = move.to.substr(move.to.rfind('/') + 1);
  int rc = renameat2(*fd, from.c_str(), *fd, to.c_str(), RENAME_NOREPLACE);
  const int saved = errno;
  if (rc == 0) fsync(*fd);  // the move must outlive a power cut
  close(*fd);
  if (rc != 0)
    return Status::Error("cannot move " + move.from + " to " + move.to + ": " + strerror(saved));
  return Status::Ok();
}

}  // namespace mig::modules::account
