// Each module's security posture in one place, next to the registry: the
// capabilities its child process keeps and the system calls it may make
// (docs/sandbox.md). The agent's sandbox (agent/sandbox.h) applies it before
// the module reads its parameters; a module missing here gets kDefault.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mig::modules {

// Which sockets the module may open and whether it may replace files;
// everything else in the seccomp filter is the same for every module.
enum class SyscallProfile {
  kLocal,    // no socket at all: reads files and /proc only
  kNetlink,  // netlink sockets (the kernel's routing and neighbour tables)
  // NETLINK_NETFILTER sockets alone (nftables); with CAP_NET_ADMIN this is
  // the only way such a module can change the network
  kNetfilter,
  kNetwork,  // IPv4, IPv6 and netlink sockets (probes, name resolution)
  // No socket; may write files and replace them atomically: open for
  // writing (O_TMPFILE), fchown, fchmod, linkat, renameat(2), unlinkat.
  // Every other file change (chmod/chown by path, symlinks, mkdir,
  // truncate, xattrs...) stays forbidden.
  kReplaceFiles,
};

// Which processes the module may signal. The C library signals its own
// process (abort, raise); an investigation has no business signalling any
// other, even one of its own uid (another module's child runs as 65534 too).
enum class SignalScope {
  kSelf,  // kill, tgkill, rt_*sigqueueinfo to its own pid only; no tkill, pidfd_send_signal
  kAny,   // any process its uid and capabilities (CAP_KILL) reach
};

struct ModulePosture {
  std::string_view module;
  // Linux capability numbers (CAP_*) kept effective; all others are dropped
  // from every set, the bounding set included.
  std::vector<int> capabilities;
  SyscallProfile profile = SyscallProfile::kLocal;
  SignalScope signals = SignalScope::kSelf;
};

// The posture of a module; modules not in the table get kDefault's: no
// capability, no socket.
const ModulePosture& PostureFor(std::string_view module);

// Every entry of the table, for documentation and tests.
const std::vector<ModulePosture>& PostureTable();

// "CAP_DAC_READ_SEARCH", or "CAP_<n>" for a number this table never uses.
std::string CapabilityName(int capability);
std::string_view ProfileName(SyscallProfile profile);
std::string_view SignalScopeName(SignalScope scope);  // "self", "any"

}  // namespace mig::modules
