#include "modules/memory/engine/process_info.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace mig::modules::memory {

std::vector<Region> ReadMaps(int pid) {
  std::vector<Region> out;
  std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
  std::string line;
  while (std::getline(maps, line)) {
    std::istringstream f(line);
    std::string range, perms, offset, dev, inode;
    if (!(f >> range >> perms >> offset >> dev >> inode)) continue;
    Region r;
    const size_t dash = range.find('-');
    if (dash == std::string::npos) continue;
    r.start = std::stoull(range.substr(0, dash), nullptr, 16);
    r.end = std::stoull(range.substr(dash + 1), nullptr, 16);
    r.readable = !perms.empty() && perms[0] == 'r';
    std::getline(f, r.path);
    const size_t p = r.path.find_first_not_of(' ');
    r.path = p == std::string::npos ? "" : r.path.substr(p);
    out.push_back(std::move(r));
  }
  return out;
}

std::set<uint64_t> DontDumpRegions(int pid) {
  std::set<uint64_t> out;
  std::ifstream smaps("/proc/" + std::to_string(pid) + "/smaps");
  std::string line;
  uint64_t start = 0;
  while (std::getline(smaps, line)) {
    if (line.rfind("VmFlags:", 0) == 0) {
      std::istringstream flags(line.substr(8));
      std::string flag;
      while (flags >> flag)
        if (flag == "dd") out.insert(start);
      continue;
    }
    const size_t dash = line.find('-');
    if (dash == std::string::npos || dash == 0 || line.find(':') < dash) continue;
    if (line.find_first_not_of("0123456789abcdef") != dash) continue;
    start = std::stoull(line.substr(0, dash), nullptr, 16);
  }
  return out;
}

std::vector<std::string> Libraries(const std::vector<Region>& maps, const std::string& exe) {
  std::vector<std::string> out;
  for (const auto& r : maps) {
    if (r.path.empty() || r.path[0] == '[' || r.path == exe || r.path == "/dev/zero" ||
        r.path.rfind("/dev/zero ", 0) == 0)
      continue;
    if (std::find(out.begin(), out.end(), r.path) == out.end()) out.push_back(r.path);
  }
  return out;
}

}  // namespace mig::modules::memory
