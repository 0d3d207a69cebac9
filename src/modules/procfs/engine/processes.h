// The processes of a Linux host as /proc shows them: which exist and what
// they run. Shared by the modules that select processes (memory, process).
#pragma once

#include <string>
#include <vector>

namespace mig::modules::procfs {

// Thread-group ids (processes) listed in /proc, sorted.
std::vector<int> ListPids();

// Real path of /proc/<pid>/exe, or "[<Name from status>]" (kernel
// threads, deleted binaries); empty when the process is gone.
std::string ProcessName(int pid);

// The kernel's text for /proc/<pid>/exe: the executable's path, and whether
// the kernel marks it " (deleted)" (a binary removed while running, which
// malware often is). path is empty when the link cannot be read (kernel
// threads, zombies, a process that ended, no ptrace access).
struct Executable {
  std::string path;  // without the " (deleted)" suffix
  bool deleted = false;
};
Executable ReadExecutable(int pid);

}  // namespace mig::modules::procfs
