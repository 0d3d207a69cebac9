#include "modules/procfs/engine/process_status.h"

#include <charconv>
#include <fstream>
#include <iterator>
#include <sstream>
#include <vector>

namespace mig::modules::procfs {
namespace {

constexpr uint64_t kPfKthread = 0x00200000;  // PF_KTHREAD in the stat flags

std::optional<std::string> ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return text;
}

template <typename T>
bool ParseNumber(std::string_view text, T* out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size();
}

std::string Base(int pid) {
  return "/proc/" + std::to_string(pid);
}

}  // namespace

std::optional<ProcessStat> ParseStat(const std::string& text) {
  // "pid (comm) state ppid ...": comm may hold spaces and ')' itself, so
  // the fields start after the last ')'.
  const size_t close = text.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream rest(text.substr(close + 1));
  std::vector<std::string> fields;  // fields[0] is field 3 of proc(5)
  for (std::string f; fields.size() < 20 && rest >> f;)
    fields.push_back(f);
  if (fields.size() < 20 || fields[0].size() != 1) return std::nullopt;
  ProcessStat s;
  uint64_t flags = 0;
  s.state = fields[0][0];
  if (!ParseNumber(fields[1], &s.ppid) || !ParseNumber(fields[6], &flags) ||
      !ParseNumber(fields[19], &s.start_time))
    return std::nullopt;
  s.kernel_thread = (flags & kPfKthread) != 0;
  return s;
}

bool ParseStatusInto(const std::string& text, ProcessStatus* status) {
  std::istringstream in(text);
  bool tgid = false, uid = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("Name:\t", 0) == 0) {
      status->name = line.substr(6);
    } else if (line.rfind("Tgid:", 0) == 0) {
      std::istringstream v(line.substr(5));
      tgid = static_cast<bool>(v >> status->tgid);
    } else if (line.rfind("Uid:", 0) == 0) {
      std::istringstream v(line.substr(4));
      uint32_t real = 0;
      uid = static_cast<bool>(v >> real >> status->uid);
    }
  }
  return tgid && uid;
}

std::optional<ProcessStat> ReadStat(int pid) {
  auto text = ReadWhole(Base(pid) + "/stat");
  if (!text) return std::nullopt;
  return ParseStat(*text);
}

std::optional<ProcessStatus> ReadStatus(int pid) {
  auto stat = ReadStat(pid);
  auto text = ReadWhole(Base(pid) + "/status");
  if (!stat || !text) return std::nullopt;
  ProcessStatus s;
  s.stat = *stat;
  if (!ParseStatusInto(*text, &s)) return std::nullopt;
  return s;
}

std::optional<std::string> ReadCommandLine(int pid) {
  return ReadWhole(Base(pid) + "/cmdline");
}

}  // namespace mig::modules::procfs
