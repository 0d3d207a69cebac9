#include "modules/account/engine/passwd_lock.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace mig::modules::account {

Result<PasswdLock> PasswdLock::Acquire(const std::string& etc_dir, std::chrono::milliseconds wait) {
  const std::string path = etc_dir + "/.pwd.lock";
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    return Result<PasswdLock>::Error("cannot open the user database lock " + path + ": " +
                                     strerror(errno));
  PasswdLock lock(fd);
  struct stat st {};
  if (fstat(fd, &st) == 0 && (st.st_uid != 0 || st.st_gid != 0)) {
    // Created just now by this unprivileged process: root's, as lckpwdf's is.
    if (fchown(fd, 0, 0) != 0)
      return Result<PasswdLock>::Error("cannot give " + path + " to root: " + strerror(errno));
  }
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (true) {
    struct flock fl {};
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    if (fcntl(fd, F_SETLK, &fl) == 0) return lock;
    if (errno != EACCES && errno != EAGAIN && errno != EINTR)
      return Result<PasswdLock>::Error("cannot lock " + path + ": " + strerror(errno));
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const auto seconds = std::chrono::duration_cast<std::chrono::milliseconds>(wait).count() / 1000.0;
  char text[32];
  snprintf(text, sizeof text, "%g", seconds);
  return Result<PasswdLock>::Error("the user database is locked by another program (" + path +
                                   ", lckpwdf) and was still " + "locked after " + text +
                                   " s: nothing changed; retry when useradd, usermod, passwd or " +
                                   "vipw has finished");
}

PasswdLock::~PasswdLock() {
  if (fd_ >= 0) close(fd_);  // closing releases the fcntl lock
}

}  // namespace mig::modules::account
