#include "agent/sandbox.h"

#include <grp.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <new>

#include "agent/capabilities.h"
#include "agent/seccomp_filter.h"
#include "modules/posture.h"

namespace mig::agent {
namespace {

bool sandboxed = false;

std::string Errno(const std::string& what) {
  return what + ": " + strerror(errno);
}

Status Limit(int resource, const char* name, rlim_t soft, rlim_t hard) {
  rlimit current{};
  getrlimit(resource, &current);
  // Only ever lower: the agent's own limits may already be tighter.
  rlimit want{std::min(soft, current.rlim_max), std::min(hard, current.rlim_max)};
  if (setrlimit(resource, &want) != 0)
    return Status::Error(Errno(std::string("setrlimit ") + name));
  return Status::Ok();
}

Status SetLimits(const SandboxConfig& c) {
  // No core file: it would hold what the module read from other processes.
  Status s = Limit(RLIMIT_CORE, "RLIMIT_CORE", 0, 0);
  if (s.ok()) s = Limit(RLIMIT_NOFILE, "RLIMIT_NOFILE", c.max_open_files, c.max_open_files);
  if (s.ok() && c.max_cpu_seconds > 0)  // SIGXCPU at the limit, SIGKILL 2 s later
    s = Limit(RLIMIT_CPU, "RLIMIT_CPU", c.max_cpu_seconds, c.max_cpu_seconds + 2);
#if !defined(MIG_SANITIZE)  // AddressSanitizer reserves terabytes of address space
  if (s.ok() && c.max_memory_mib > 0) {
    const rlim_t bytes = static_cast<rlim_t>(c.max_memory_mib) << 20;
    s = Limit(RLIMIT_AS, "RLIMIT_AS", bytes, bytes);
  }
#endif
  return s;
}

Status ChangeIdentity(const SandboxConfig& c, uint64_t keep) {
  if (HasCapability(CAP_SETPCAP)) {
    Status s = DropBoundingSet(keep);
    if (!s.ok()) return s;
  }
  if (!HasCapability(CAP_SETUID) || !HasCapability(CAP_SETGID)) return Status::Ok();
  if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0) return Status::Error(Errno("PR_SET_KEEPCAPS"));
  if (setgroups(0, nullptr) != 0) return Status::Error(Errno("setgroups"));
  if (setresgid(c.gid, c.gid, c.gid) != 0)
    return Status::Error(Errno("setresgid " + std::to_string(c.gid)));
  if (setresuid(c.uid, c.uid, c.uid) != 0)
    return Status::Error(Errno("setresuid " + std::to_string(c.uid)));
  prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
  return Status::Ok();
}

[[noreturn]] void OutOfMemory() {
  _exit(kOutOfMemoryExit);
}

bool ParseNumber(std::string_view text, uint64_t& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string SandboxArgument(const SandboxConfig& c) {
  return "uid=" + std::to_string(c.uid) + ",gid=" + std::to_string(c.gid) +
         ",memory=" + std::to_string(c.max_memory_mib) +
         ",cpu=" + std::to_string(c.max_cpu_seconds) + ",files=" + std::to_string(c.max_open_files);
}

Result<SandboxConfig> ParseSandboxArgument(std::string_view text) {
  SandboxConfig c;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    const size_t eq = item.find('=');
    uint64_t v = 0;
    if (eq == std::string_view::npos || !ParseNumber(item.substr(eq + 1), v))
      return Result<SandboxConfig>::Error("--sandbox: bad item '" + std::string(item) + "'");
    const std::string_view key = item.substr(0, eq);
    if (key == "uid" && v <= UINT32_MAX) {
      c.uid = static_cast<uint32_t>(v);
    } else if (key == "gid" && v <= UINT32_MAX) {
      c.gid = static_cast<uint32_t>(v);
    } else if (key == "memory") {
      c.max_memory_mib = v;
    } else if (key == "cpu") {
      c.max_cpu_seconds = v;
    } else if (key == "files" && v >= 16) {
      c.max_open_files = v;
    } else {
      return Result<SandboxConfig>::Error("--sandbox: bad item '" + std::string(item) + "'");
    }
  }
  return c;
}

Status EnterSandbox(std::string_view module, const SandboxConfig& c) {
  const modules::ModulePosture& posture = modules::PostureFor(module);
  const uint64_t keep = CapabilityMask(posture.capabilities);
  // Whatever the agent left open (its relay socket, journal) is not the
  // module's to write to: only stdin, stdout and stderr stay.
  if (close_range(3, ~0U, 0) != 0) return Status::Error(Errno("close_range"));
  Status s = SetLimits(c);
  if (!s.ok()) return s;
  // Not dumpable: no process of the same uid may trace this one or read its memory.
  if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) return Status::Error(Errno("PR_SET_DUMPABLE"));
  s = ChangeIdentity(c, keep);
  if (!s.ok()) return s;
  s = KeepOnlyCapabilities(keep);
  if (!s.ok()) return s;
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    return Status::Error(Errno("PR_SET_NO_NEW_PRIVS"));
  std::set_new_handler(OutOfMemory);
  s = InstallSeccompFilter(posture.profile, posture.signals);
  if (!s.ok()) return s;
  sandboxed = true;
  return Status::Ok();
}

std::vector<std::string> SandboxLimitations(const SandboxConfig& c) {
  std::vector<std::string> out;
  if (!c.enabled) {
    out.push_back(
        "the sandbox is DISABLED ([sandbox] enabled = off): modules run with all of the agent's "
        "privileges, without seccomp and without limits");
    return out;
  }
  if ((!HasCapability(CAP_SETUID) || !HasCapability(CAP_SETGID)) && getuid() != c.uid) {
    out.push_back("cannot change uid (no CAP_SETUID/CAP_SETGID): modules run as uid " +
                  std::to_string(getuid()) + ", not " + std::to_string(c.uid));
  }
  if (!HasCapability(CAP_SETPCAP))
    out.push_back("cannot drop the capability bounding set (no CAP_SETPCAP)");
#if defined(MIG_SANITIZE)
  if (c.max_memory_mib > 0)
    out.push_back(
        "no memory limit in a sanitizer build (AddressSanitizer needs the address space)");
#endif
  return out;
}

std::string DescribeSandbox(const SandboxConfig& c) {
  if (!c.enabled) return "sandbox DISABLED";
  auto limit = [](uint64_t v, const char* unit) {
    return v == 0 ? std::string("unlimited") : std::to_string(v) + unit;
  };
  return "sandbox: modules run as uid " + std::to_string(c.uid) + " gid " + std::to_string(c.gid) +
         " with their own capabilities only, no-new-privileges, seccomp; memory " +
         limit(c.max_memory_mib, " MiB") + ", CPU " + limit(c.max_cpu_seconds, " s") +
         ", open files " + std::to_string(c.max_open_files);
}

}  // namespace mig::agent

#if defined(MIG_SANITIZE)
// LeakSanitizer's exit check forks and ptraces: both forbidden in a
// sandboxed child, so it checks only unsandboxed processes.
extern "C" int __lsan_is_turned_off() {
  return mig::agent::sandboxed ? 1 : 0;
}
#endif
