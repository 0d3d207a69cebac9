#include "modules/procfs/engine/processes.h"

#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

namespace mig::modules::procfs {

std::vector<int> ListPids() {
  std::vector<int> pids;
  DIR* dir = opendir("/proc");
  if (!dir) return pids;
  while (dirent* e = readdir(dir)) {
    const std::string name = e->d_name;
    if (!name.empty() && name.size() < 10 &&
        name.find_first_not_of("0123456789") == std::string::npos)
      pids.push_back(std::stoi(name));
  }
  closedir(dir);
  std::sort(pids.begin(), pids.end());
  return pids;
}

std::string ProcessName(int pid) {
  const std::string base = "/proc/" + std::to_string(pid);
  char buf[PATH_MAX];
  if (realpath((base + "/exe").c_str(), buf)) return buf;
  std::ifstream status(base + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("Name:", 0) == 0) {
      const size_t v = line.find_first_not_of(" \t", 5);
      return "[" + (v == std::string::npos ? "" : line.substr(v)) + "]";
    }
  return "";
}

Executable ReadExecutable(int pid) {
  static constexpr std::string_view kDeleted = " (deleted)";
  char buf[PATH_MAX + 16];
  const std::string link = "/proc/" + std::to_string(pid) + "/exe";
  const ssize_t n = readlink(link.c_str(), buf, sizeof buf);
  if (n <= 0 || static_cast<size_t>(n) >= sizeof buf) return {};
  Executable e;
  e.path.assign(buf, static_cast<size_t>(n));
  if (e.path.size() > kDeleted.size() && e.path.ends_with(kDeleted)) {
    e.path.resize(e.path.size() - kDeleted.size());
    e.deleted = true;
  }
  return e;
}

}  // namespace mig::modules::procfs
