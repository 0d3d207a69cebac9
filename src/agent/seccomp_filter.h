// The seccomp filter of a module's child process: a deny list of what an
// investigation never does, as raw BPF (no libseccomp, so the static agent
// needs no new library). Forbidden calls kill the process (SIGSYS), which the
// agent reports as a failed command; a few get an error instead where a
// library may try them and fall back (clone3, openat2, a socket).
#pragma once

#include "core/status.h"
#include "modules/posture.h"

namespace mig::agent {

// Installs the filter on the calling thread (call before starting threads;
// needs no-new-privileges or CAP_SYS_ADMIN). An error on architectures other
// than x86-64 and arm64, whose system call numbers the filter does not know.
// signals kSelf: signalling any process but the caller's own is killed
// too (the caller's pid is written into the filter: no fork comes after).
Status InstallSeccompFilter(modules::SyscallProfile profile,
                            modules::SignalScope signals = modules::SignalScope::kSelf);

}  // namespace mig::agent
