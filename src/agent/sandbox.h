// The sandbox of a module's child process (docs/sandbox.md): all file
// descriptors but the pipes closed, resource limits, an unprivileged uid
// keeping only the module's capabilities (posture table,
// modules/posture.h), no-new-privileges, and a seccomp filter. The child
// enters it itself, right after exec and before it reads its parameters, so
// nothing a module does with them runs with more.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace mig::agent {

struct SandboxConfig {
  bool enabled = true;
  uint32_t uid = 65534;            // nobody
  uint32_t gid = 65534;            // nogroup
  uint64_t max_memory_mib = 2048;  // RLIMIT_AS; 0: no limit
  uint64_t max_cpu_seconds = 600;  // RLIMIT_CPU; 0: no limit
  uint64_t max_open_files = 1024;  // RLIMIT_NOFILE
};

// Exit codes of a sandboxed child, which the agent turns into messages.
constexpr int kSandboxSetupFailedExit = 121;  // stdout holds why
constexpr int kOutOfMemoryExit = 122;         // an allocation hit RLIMIT_AS

// The child's --sandbox argument: "uid=65534,gid=65534,memory=2048,cpu=600,files=1024".
std::string SandboxArgument(const SandboxConfig& config);
Result<SandboxConfig> ParseSandboxArgument(std::string_view text);

// Called by `mig-agent -m MODULE --sandbox ...` before anything else. An
// error means a step this process has the privilege for failed: the module
// must not run. Steps it lacks the privilege for are skipped (see
// SandboxLimitations).
Status EnterSandbox(std::string_view module, const SandboxConfig& config);

// What a child of this process cannot do, in words for the agent's log:
// empty when it runs as root (or with CAP_SETUID, CAP_SETGID, CAP_SETPCAP).
std::vector<std::string> SandboxLimitations(const SandboxConfig& config);

// One line for the log and mig-agent -S.
std::string DescribeSandbox(const SandboxConfig& config);

}  // namespace mig::agent
