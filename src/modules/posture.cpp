#include "modules/posture.h"

#include <linux/capability.h>

namespace mig::modules {
namespace {

// Why each capability: CAP_DAC_READ_SEARCH reads any file and lists any
// directory (the module runs as an unprivileged uid); CAP_SYS_PTRACE reads
// other users' /proc/PID/mem, maps, fd and ns links (the system calls
// ptrace and process_vm_* stay forbidden); CAP_NET_RAW sends ICMP echo;
// CAP_KILL signals other users' processes (process, a respond module);
// CAP_NET_ADMIN changes nftables (firewall, a respond module: its profile
// allows no socket but NETLINK_NETFILTER, so it cannot reconfigure
// interfaces or routes with the capability).
// account (a respond module): CAP_DAC_OVERRIDE reads /etc/shadow and
// writes in /etc and ~USER/.ssh; CAP_CHOWN and CAP_FOWNER give the files it
// writes their owner and mode back; CAP_KILL and the signal scope `any`
// kill the locked user's processes (through pidfds, which scope `self`
// forbids).
const std::vector<ModulePosture>& Table() {
  static const std::vector<ModulePosture> table = {
      {"account",
       {CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FOWNER, CAP_KILL},
       SyscallProfile::kReplaceFiles,
       SignalScope::kAny},
      {"file", {CAP_DAC_READ_SEARCH}, SyscallProfile::kLocal, SignalScope::kSelf},
      {"firewall", {CAP_NET_ADMIN}, SyscallProfile::kNetfilter, SignalScope::kSelf},
      {"memory", {CAP_DAC_READ_SEARCH, CAP_SYS_PTRACE}, SyscallProfile::kLocal, SignalScope::kSelf},
      {"netstat",
       {CAP_DAC_READ_SEARCH, CAP_SYS_PTRACE},
       SyscallProfile::kNetlink,
       SignalScope::kSelf},
      // pkg reads dpkg's status file and the RPM database, both world-readable.
      {"pkg", {}, SyscallProfile::kLocal, SignalScope::kSelf},
      {"ping", {CAP_NET_RAW}, SyscallProfile::kNetwork, SignalScope::kSelf},
      {"process",
       {CAP_DAC_READ_SEARCH, CAP_KILL, CAP_SYS_PTRACE},
       SyscallProfile::kLocal,
       SignalScope::kAny},
      {"scribe", {CAP_DAC_READ_SEARCH}, SyscallProfile::kLocal, SignalScope::kSelf},
      {"timedrift", {}, SyscallProfile::kNetwork, SignalScope::kSelf},
  };
  return table;
}

const ModulePosture kDefault{"", {}, SyscallProfile::kLocal, SignalScope::kSelf};

}  // namespace

const ModulePosture& PostureFor(std::string_view module) {
  for (const auto& p : Table())
    if (p.module == module) return p;
  return kDefault;
}

const std::vector<ModulePosture>& PostureTable() {
  return Table();
}

std::string CapabilityName(int capability) {
  switch (capability) {
    case CAP_DAC_READ_SEARCH:
      return "CAP_DAC_READ_SEARCH";
    case CAP_SYS_PTRACE:
      return "CAP_SYS_PTRACE";
    case CAP_NET_RAW:
      return "CAP_NET_RAW";
    case CAP_KILL:
      return "CAP_KILL";
    case CAP_NET_ADMIN:
      return "CAP_NET_ADMIN";
    case CAP_CHOWN:
      return "CAP_CHOWN";
    case CAP_DAC_OVERRIDE:
      return "CAP_DAC_OVERRIDE";
    case CAP_FOWNER:
      return "CAP_FOWNER";
    default:
      return "CAP_" + std::to_string(capability);
  }
}

std::string_view ProfileName(SyscallProfile profile) {
  switch (profile) {
    case SyscallProfile::kLocal:
      return "local";
    case SyscallProfile::kNetlink:
      return "netlink";
    case SyscallProfile::kNetwork:
      return "network";
    case SyscallProfile::kNetfilter:
      return "netfilter";
    case SyscallProfile::kReplaceFiles:
      return "replace-files";
  }
  return "local";
}

std::string_view SignalScopeName(SignalScope scope) {
  return scope == SignalScope::kAny ? "any" : "self";
}

}  // namespace mig::modules
