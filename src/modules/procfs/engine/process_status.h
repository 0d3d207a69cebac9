// What /proc/<pid>/stat, status and cmdline say about one process. Every
// reader returns nothing when the process is gone (or never existed).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace mig::modules::procfs {

// From /proc/<pid>/stat.
struct ProcessStat {
  char state = '?';  // R, S, D, T (stopped), t (traced), Z (zombie), X...
  int ppid = 0;      // 0 for PID 1 and kthreadd
  bool kernel_thread = false;
  // Clock ticks after boot. A pid is reused, a (pid, start_time) pair is
  // not: it tells whether a pid still names the process that was selected.
  uint64_t start_time = 0;
};
std::optional<ProcessStat> ReadStat(int pid);

// ReadStat plus /proc/<pid>/status.
struct ProcessStatus {
  ProcessStat stat;
  std::string name;  // the kernel's comm (15 bytes at most, set by the process)
  int tgid = 0;      // != pid when pid is a thread of process tgid
  uint32_t uid = 0;  // effective uid
};
std::optional<ProcessStatus> ReadStatus(int pid);

// The raw bytes of /proc/<pid>/cmdline (arguments, each ended by NUL).
std::optional<std::string> ReadCommandLine(int pid);

// Parsers for the two files' text, for tests.
std::optional<ProcessStat> ParseStat(const std::string& text);
bool ParseStatusInto(const std::string& text, ProcessStatus* status);

}  // namespace mig::modules::procfs
