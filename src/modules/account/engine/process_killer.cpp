#include "modules/account/engine/process_killer.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <set>
#include <string_view>
#include <utility>

namespace mig::modules::account {
namespace {

constexpr int kMaxLooks = 20;

struct ProcessInfo {
  bool ok = false;
  long long real_uid = -1;
  int parent = 0;
  bool zombie = false;
  unsigned long long start_time = 0;  // tells a reused PID apart
};

std::string ReadSmall(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "";
  std::string out;
  char buf[4096];
  while (out.size() < 65536) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return out;
}

template <typename T>
bool ParseNumber(std::string_view text, T* out) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end != text.data();
}

// The value after "Key:" in /proc/PID/status.
std::string_view StatusField(std::string_view status, std::string_view key) {
  size_t pos = 0;
  while (pos < status.size()) {
    size_t nl = status.find('\n', pos);
    std::string_view line = status.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    if (line.size() > key.size() && line.substr(0, key.size()) == key && line[key.size()] == ':')
      return line.substr(key.size() + 1);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return {};
}

ProcessInfo ReadProcess(int pid) {
  ProcessInfo info;
  const std::string dir = "/proc/" + std::to_string(pid);
  const std::string status = ReadSmall(dir + "/status");
  if (!ParseNumber(StatusField(status, "Uid"), &info.real_uid)) return info;
  if (!ParseNumber(StatusField(status, "PPid"), &info.parent)) return info;
  std::string_view state = StatusField(status, "State");
  info.zombie = state.find('Z') != std::string_view::npos;
  // Field 22 of stat, counted after the command name's closing parenthesis.
  const std::string stat = ReadSmall(dir + "/stat");
  size_t pos = stat.rfind(')');
  if (pos == std::string::npos) return info;
  std::string_view rest = std::string_view(stat).substr(pos + 1);
  for (int field = 3; field < 22; ++field) {
    size_t sp = rest.find(' ', 1);
    if (sp == std::string_view::npos) return info;
    rest.remove_prefix(sp);
  }
  if (!ParseNumber(rest, &info.start_time)) return info;
  info.ok = true;
  return info;
}

std::vector<int> AllPids() {
  std::vector<int> pids;
  DIR* d = opendir("/proc");
  if (!d) return pids;
  while (dirent* e = readdir(d)) {
    int pid = 0;
    const std::string_view name(e->d_name);
    const auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), pid);
    if (ec == std::errc() && end == name.data() + name.size() && pid > 0) pids.push_back(pid);
  }
  closedir(d);
  return pids;
}

// PID 1, this process and every ancestor up to PID 1.
std::set<int> SparedPids() {
  std::set<int> spared = {1};
  int pid = getpid();
  for (int depth = 0; pid > 1 && depth < 4096 && spared.insert(pid).second; ++depth) {
    ProcessInfo info = ReadProcess(pid);
    if (!info.ok) break;
    pid = info.parent;
  }
  return spared;
}

using Identity = std::pair<int, unsigned long long>;  // pid, start time

// Signals pid if it is still the process looked at: the pidfd pins it, the
// second look checks it is the one whose uid was seen.
bool Kill(int pid, const ProcessInfo& seen, uid_t uid, std::string* error) {
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (pidfd < 0) {
    if (errno == ESRCH) return false;  // gone already
    *error = "pid " + std::to_string(pid) + ": pidfd_open: " + strerror(errno);
    return false;
  }
  ProcessInfo now = ReadProcess(pid);
  bool sent = false;
  if (now.ok && now.real_uid == static_cast<long long>(uid) && now.start_time == seen.start_time) {
    if (syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, nullptr, 0) == 0)
      sent = true;
    else if (errno != ESRCH)
      *error = "pid " + std::to_string(pid) + ": SIGKILL: " + strerror(errno);
  }
  close(pidfd);
  return sent;
}

// One look at /proc: the user's live processes not yet in `known`.
std::vector<std::pair<int, ProcessInfo>> Look(uid_t uid, const std::set<int>& spared,
                                              const std::set<Identity>& known) {
  std::vector<std::pair<int, ProcessInfo>> found;
  for (int pid : AllPids()) {
    if (spared.count(pid)) continue;
    ProcessInfo info = ReadProcess(pid);
    if (!info.ok || info.zombie || info.real_uid != static_cast<long long>(uid)) continue;
    if (known.count({pid, info.start_time})) continue;
    found.emplace_back(pid, info);
  }
  return found;
}

}  // namespace

KillReport ListProcessesOf(uid_t uid) {
  KillReport report;
  for (const auto& [pid, info] : Look(uid, SparedPids(), {}))
    report.pids.push_back(pid);
  return report;
}

KillReport KillProcessesOf(uid_t uid) {
  KillReport report;
  const std::set<int> spared = SparedPids();
  std::set<Identity> known;
  for (int look = 0; look < kMaxLooks; ++look) {
    auto found = Look(uid, spared, known);
    if (found.empty()) return report;
    for (const auto& [pid, info] : found) {
      known.insert({pid, info.start_time});
      std::string error;
      if (Kill(pid, info, uid, &error)) report.pids.push_back(pid);
      if (!error.empty()) report.errors.push_back(error);
    }
  }
  report.errors.push_back("processes of uid " + std::to_string(uid) + " still appeared after " +
                          std::to_string(kMaxLooks) + " rounds of SIGKILL");
  return report;
}

}  // namespace mig::modules::account
