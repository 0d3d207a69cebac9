#include "modules/process/engine/selection.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>

#include <re2/re2.h>

#include "core/sha256.h"
#include "modules/file/engine/file_reader.h"
#include "modules/file/engine/hasher.h"
#include "modules/go_format.h"
#include "modules/process/engine/user_names.h"
#include "modules/procfs/engine/process_status.h"
#include "modules/procfs/engine/processes.h"

namespace mig::modules::process {
namespace {

std::string Lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// sha256 of executables, each file hashed once however many processes run it.
class ExecutableHashes {
 public:
  // Empty with *error set when the file could not be read.
  std::string Of(int pid, std::string* error) {
    const std::string link = "/proc/" + std::to_string(pid) + "/exe";
    struct stat st {};
    if (stat(link.c_str(), &st) != 0) {
      // A process that ended meanwhile is no failure.
      if (errno != ENOENT && errno != ESRCH)
        *error =
            "cannot read the executable of pid " + std::to_string(pid) + ": " + ErrnoText(errno);
      return "";
    }
    const auto key = std::make_pair(st.st_dev, st.st_ino);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    file::MultiHasher hasher(file::Bit(file::HashAlgo::kSha256));
    const file::ReadOutcome read =
        file::ReadFileOnce(AT_FDCWD, link.c_str(), false, [&hasher](std::string_view bytes) {
          hasher.Update(bytes);
          return true;
        });
    if (read.kind != file::ReadOutcome::kOk) {
      *error = "cannot hash the executable of pid " + std::to_string(pid) + ": " + read.error;
      return "";
    }
    hasher.Finish();
    return cache_[key] = Lower(hasher.Hex(file::HashAlgo::kSha256));
  }

 private:
  std::map<std::pair<dev_t, ino_t>, std::string> cache_;
};

class Matcher {
 public:
  explicit Matcher(const Selector& s) : selector_(s) {
    if (s.kind == Selector::kName) re_ = std::make_unique<RE2>(s.value, RE2::Quiet);
    if (s.kind == Selector::kExe) {
      // /bin/sleep and /usr/bin/sleep are one file on a merged /usr; the
      // kernel names the resolved path.
      char buf[PATH_MAX];
      if (realpath(s.value.c_str(), buf)) resolved_exe_ = buf;
    }
  }
  bool Matches(int pid, const procfs::Executable& exe, std::vector<std::string>& errors) {
    switch (selector_.kind) {
      case Selector::kPid:
        return pid == selector_.pid;
      case Selector::kName: {
        const size_t slash = exe.path.rfind('/');
        const std::string base = slash == std::string::npos ? exe.path : exe.path.substr(slash + 1);
        return RE2::PartialMatch(base, *re_);
      }
      case Selector::kExe:
        return exe.path == selector_.value || (!resolved_exe_.empty() && exe.path == resolved_exe_);
      case Selector::kSha256: {
        std::string error;
        const std::string hash = hashes_.Of(pid, &error);
        if (hash.empty() && !error.empty()) errors.push_back(error);
        return hash == selector_.value;
      }
    }
    return false;
  }

 private:
  const Selector& selector_;
  std::unique_ptr<RE2> re_;
  std::string resolved_exe_;
  ExecutableHashes hashes_;
};

ProcessInfo Describe(int pid, const procfs::Executable& exe, const procfs::ProcessStatus& status,
                     const UserNames& users) {
  ProcessInfo p;
  p.pid = pid;
  p.exe = exe.path;
  p.exe_deleted = exe.deleted;
  p.uid = status.uid;
  p.user = users.Name(status.uid);
  p.start_time = status.stat.start_time;
  if (auto cmdline = procfs::ReadCommandLine(pid)) p.cmdline_sha256 = Sha256Hex(*cmdline);
  return p;
}

// Why a matching process is not signalled, or "" when it may be.
std::string SpareReason(int pid, const procfs::ProcessStatus& status,
                        const std::map<int, std::string>& protected_pids) {
  if (auto it = protected_pids.find(pid); it != protected_pids.end()) return it->second;
  if (status.stat.kernel_thread) return "a kernel thread";
  if (status.stat.state == 'Z' || status.stat.state == 'X')
    return "already exited (a zombie its parent has not reaped): nothing to signal";
  return "";
}

}  // namespace

std::map<int, std::string> ProtectedPids() {
  std::map<int, std::string> out;
  out[1] = "PID 1 (init) is never signalled";
  const int self = static_cast<int>(getpid());
  out[self] = "the module's own process";
  int pid = static_cast<int>(getppid());
  // Bounded: a pid cycle cannot exist, but /proc is read while it changes.
  for (int depth = 0; pid > 1 && depth < 4096 && !out.count(pid); ++depth) {
    out[pid] = depth == 0 ? "the module's parent (the agent)"
                          : "an ancestor of the agent that runs the module";
    auto stat = procfs::ReadStat(pid);
    if (!stat) break;
    pid = stat->ppid;
  }
  return out;
}

Result<Selection> SelectProcesses(const Selector& selector,
                                  const std::map<int, std::string>& protected_pids) {
  Selection out;
  const UserNames users;
  if (selector.kind == Selector::kPid) {
    const int pid = selector.pid;
    auto status = procfs::ReadStatus(pid);
    if (!status) return Result<Selection>::Error("no process with pid " + std::to_string(pid));
    if (status->tgid != pid)
      return Result<Selection>::Error("pid " + std::to_string(pid) + " is a thread of process " +
                                      std::to_string(status->tgid) + ": select the process");
    ProcessInfo info = Describe(pid, procfs::ReadExecutable(pid), *status, users);
    if (std::string why = SpareReason(pid, *status, protected_pids); !why.empty())
      out.spared.push_back({std::move(info), why});
    else
      out.targets.push_back(std::move(info));
    return out;
  }
  Matcher matcher(selector);
  int unreadable = 0;
  for (int pid : procfs::ListPids()) {
    const procfs::Executable exe = procfs::ReadExecutable(pid);
    if (exe.path.empty()) {
      // Kernel threads and zombies have no executable; any other process
      // whose link cannot be read was not checked (no ptrace access).
      auto stat = procfs::ReadStat(pid);
      if (stat && !stat->kernel_thread && stat->state != 'Z' && stat->state != 'X' &&
          !protected_pids.count(pid))
        ++unreadable;
      continue;
    }
    if (!matcher.Matches(pid, exe, out.errors)) continue;
    auto status = procfs::ReadStatus(pid);
    if (!status) continue;  // ended meanwhile
    ProcessInfo info = Describe(pid, exe, *status, users);
    if (std::string why = SpareReason(pid, *status, protected_pids); !why.empty())
      out.spared.push_back({std::move(info), why});
    else
      out.targets.push_back(std::move(info));
  }
  if (unreadable > 0)
    out.errors.push_back(std::to_string(unreadable) +
                         " processes were not checked: their executable could not be read "
                         "(the module needs CAP_SYS_PTRACE, or root)");
  return out;
}

}  // namespace mig::modules::process
