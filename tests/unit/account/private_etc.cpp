#include "private_etc.h"

#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "test_env.h"

namespace mig::test {
namespace {

std::string copy_dir;
std::string base_dir;

void RemoveCopy() {
  if (!base_dir.empty()) {
    umount2("/etc", MNT_DETACH);
    std::error_code ec;
    std::filesystem::remove_all(base_dir, ec);
  }
}

}  // namespace

std::string EnterPrivateEtc() {
  static std::string error = []() -> std::string {
    if (geteuid() != 0) return "needs root (a private mount namespace over /etc)";
    if (unshare(CLONE_NEWNS) != 0) return std::string("unshare(CLONE_NEWNS): ") + strerror(errno);
    if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
      return std::string("making / private: ") + strerror(errno);
    char tmpl[] = "/tmp/mig-account-etc.XXXXXX";
    if (!mkdtemp(tmpl)) return std::string("mkdtemp: ") + strerror(errno);
    base_dir = tmpl;
    copy_dir = base_dir + "/etc";
    atexit(RemoveCopy);
    auto cp = RunShell("cp -a /etc '" + copy_dir + "' 2>&1");
    if (cp.exit_code != 0) return "copying /etc: " + cp.output;
    if (mount(copy_dir.c_str(), "/etc", nullptr, MS_BIND, nullptr) != 0)
      return std::string("bind-mounting the copy over /etc: ") + strerror(errno);
    return "";
  }();
  return error;
}

const std::string& PrivateEtcCopy() {
  return copy_dir;
}

}  // namespace mig::test
