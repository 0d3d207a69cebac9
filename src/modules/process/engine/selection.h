// Which processes a selector names, and which of them are never signalled:
// PID 1, the module's own process and its ancestors (the agent that
// started it and whatever started the agent), kernel threads, zombies.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "modules/process/params.h"

namespace mig::modules::process {

struct ProcessInfo {
  int pid = 0;
  std::string exe;  // empty when unreadable
  bool exe_deleted = false;
  uint32_t uid = 0;
  std::string user;
  std::string cmdline_sha256;  // of the raw /proc/PID/cmdline bytes
  uint64_t start_time = 0;     // identifies the process behind the pid
};

struct Spared {
  ProcessInfo process;
  std::string reason;
};

struct Selection {
  std::vector<ProcessInfo> targets;  // by pid
  std::vector<Spared> spared;        // by pid
  std::vector<std::string> errors;   // processes that could not be checked
};

// pid -> why it is protected: PID 1, getpid() and every ancestor of it
// (walking PPid in /proc up to PID 1 or 0).
std::map<int, std::string> ProtectedPids();

// The processes the selector names, split into targets and spared. A pid
// that names no process, or a thread rather than a process, is an error; a
// name, exe or hash that matches nothing is an empty selection.
Result<Selection> SelectProcesses(const Selector& selector,
                                  const std::map<int, std::string>& protected_pids);

}  // namespace mig::modules::process
