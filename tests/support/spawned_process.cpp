#include "spawned_process.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace mig::test {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

SpawnedProcess::SpawnedProcess(const std::vector<std::string>& argv, int uid,
                               const std::string& expect_exe) {
  std::vector<char*> args;
  for (const auto& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_ = fork();
  if (pid_ == 0) {
    if (uid >= 0 && (setgid(static_cast<gid_t>(uid)) != 0 || setuid(static_cast<uid_t>(uid)) != 0))
      _exit(126);
    execv(args[0], args.data());
    _exit(127);
  }
  if (pid_ < 0) return;
  const std::string want = expect_exe.empty() ? argv[0] : expect_exe;
  const std::string link = "/proc/" + std::to_string(pid_) + "/exe";
  const std::string cmdline = "/proc/" + std::to_string(pid_) + "/cmdline";
  for (int i = 0; i < 500 && !started_; ++i) {
    std::error_code ec;
    // The kernel switches the exe link before it lays out the new
    // arguments: wait for both.
    started_ = std::filesystem::read_symlink(link, ec) == want && !ReadAll(cmdline).empty();
    if (!started_) usleep(10 * 1000);
  }
}

SpawnedProcess::~SpawnedProcess() {
  if (pid_ <= 0 || reaped_) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
}

int SpawnedProcess::WaitExit(int timeout_ms) {
  if (pid_ <= 0 || reaped_) return -1;
  for (int waited = 0;; waited += 10) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      reaped_ = true;
      return status;
    }
    if (waited >= timeout_ms) return -1;
    usleep(10 * 1000);
  }
}

char SpawnedProcess::State() const {
  std::ifstream in("/proc/" + std::to_string(pid_) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t close = text.rfind(')');
  return close == std::string::npos || close + 2 >= text.size() ? '?' : text[close + 2];
}

void CopySleep(const std::string& path) {
  std::filesystem::copy_file("/bin/sleep", path, std::filesystem::copy_options::overwrite_existing);
  // Bytes after the ELF's end change nothing when it runs, but give the
  // copy a digest of its own.
  std::ofstream(path, std::ios::app | std::ios::binary) << "\n" << path << "\n";
  std::filesystem::permissions(
      path, std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                std::filesystem::perms::others_exec);
}

}  // namespace mig::test
