#include "agent/seccomp_filter.h"

#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/netlink.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <vector>

namespace mig::agent {
namespace {

#if defined(__x86_64__)
constexpr uint32_t kArch = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
constexpr uint32_t kArch = AUDIT_ARCH_AARCH64;
#else
constexpr uint32_t kArch = 0;
#endif

// Never part of an investigation: running programs, touching other processes,
// changing files, identities, the kernel or the machine.
const int kKilled[] = {
    SYS_execve,
    SYS_execveat,
    SYS_ptrace,
    SYS_process_vm_readv,
    SYS_process_vm_writev,
    SYS_pidfd_getfd,
    SYS_kcmp,
    // files: every change (opening for writing is checked on open/openat)
    SYS_unlinkat,
    SYS_renameat,
    SYS_renameat2,
    SYS_linkat,
    SYS_symlinkat,
    SYS_mkdirat,
    SYS_mknodat,
    SYS_fchmod,
    SYS_fchmodat,
    SYS_fchown,
    SYS_fchownat,
    SYS_truncate,
    SYS_ftruncate,
    SYS_fallocate,
    SYS_utimensat,
    SYS_setxattr,
    SYS_lsetxattr,
    SYS_fsetxattr,
    SYS_removexattr,
    SYS_lremovexattr,
    SYS_fremovexattr,
    SYS_open_by_handle_at,
    SYS_name_to_handle_at,
    // mounts, namespaces roots, the kernel, the machine
    SYS_mount,
    SYS_umount2,
    SYS_pivot_root,
    SYS_chroot,
    SYS_open_tree,
    SYS_move_mount,
    SYS_fsopen,
    SYS_fsconfig,
    SYS_fsmount,
    SYS_fspick,
    SYS_init_module,
    SYS_finit_module,
    SYS_delete_module,
    SYS_bpf,
    SYS_reboot,
    SYS_kexec_load,
    SYS_kexec_file_load,
    SYS_swapon,
    SYS_swapoff,
    SYS_acct,
    SYS_quotactl,
    SYS_syslog,
    SYS_vhangup,
    SYS_perf_event_open,
    SYS_userfaultfd,
    SYS_fanotify_init,
    SYS_settimeofday,
    SYS_clock_settime,
    SYS_clock_adjtime,
    SYS_adjtimex,
    SYS_sethostname,
    SYS_setdomainname,
    SYS_keyctl,
    SYS_add_key,
    SYS_request_key,
    SYS_personality,
    // io_uring runs system calls this filter never sees
    SYS_io_uring_setup,
    SYS_io_uring_enter,
    SYS_io_uring_register,
    // identities: the sandbox set them already
    SYS_setuid,
    SYS_setgid,
    SYS_setreuid,
    SYS_setregid,
    SYS_setresuid,
    SYS_setresgid,
    SYS_setfsuid,
    SYS_setfsgid,
    SYS_setgroups,
    SYS_capset,
#if defined(__x86_64__)
    SYS_fork,
    SYS_vfork,
    SYS_creat,
    SYS_unlink,
    SYS_rename,
    SYS_link,
    SYS_symlink,
    SYS_mkdir,
    SYS_rmdir,
    SYS_mknod,
    SYS_chmod,
    SYS_chown,
    SYS_lchown,
    SYS_utime,
    SYS_utimes,
    SYS_futimesat,
    SYS_uselib,
    SYS_iopl,
    SYS_ioperm,
#endif
};

// Calls a library may try and then fall back from: an error, not a kill.
struct Refused {
  int nr;
  int error;
};
const Refused kRefused[] = {
    {SYS_clone3, ENOSYS},   // glibc then uses clone, whose flags are checked
    {SYS_openat2, ENOSYS},  // its flags are in memory the filter cannot read
    {SYS_setns, EPERM},
    {SYS_unshare, EPERM},
};

// What the kReplaceFiles profile may do of the list above: write a file
// unnamed, give it its owner and mode, name it, rename it into place, remove
// a leftover. Path-based forms (chmod, chown, rename, unlink on x86-64) stay
// killed: the module uses the descriptor-based ones only.
const int kReplaceFilesAllowed[] = {
    SYS_fchown, SYS_fchmod, SYS_linkat, SYS_renameat, SYS_renameat2, SYS_unlinkat,
};

bool AllowedFor(modules::SyscallProfile profile, int nr) {
  if (profile != modules::SyscallProfile::kReplaceFiles) return false;
  for (int allowed : kReplaceFilesAllowed)
    if (allowed == nr) return true;
  return false;
}

constexpr uint32_t kWriteFlags = O_WRONLY | O_RDWR | O_CREAT | O_TRUNC;

uint32_t ArgLow(int i) {
  return static_cast<uint32_t>(offsetof(seccomp_data, args) + sizeof(uint64_t) * i);
}

class Program {
 public:
  void Load(uint32_t offset) { Add(BPF_LD | BPF_W | BPF_ABS, offset); }
  void LoadNr() { Load(offsetof(seccomp_data, nr)); }
  void Ret(uint32_t action) { Add(BPF_RET | BPF_K, action); }
  void Jeq(uint32_t k, uint8_t jt, uint8_t jf) { Add(BPF_JMP | BPF_JEQ | BPF_K, k, jt, jf); }
  void Jset(uint32_t k, uint8_t jt, uint8_t jf) { Add(BPF_JMP | BPF_JSET | BPF_K, k, jt, jf); }
  void Jge(uint32_t k, uint8_t jt, uint8_t jf) { Add(BPF_JMP | BPF_JGE | BPF_K, k, jt, jf); }
  // nr gets action; anything else falls through.
  void Syscall(int nr, uint32_t action) {
    Jeq(static_cast<uint32_t>(nr), 0, 1);
    Ret(action);
  }
  // nr with any of mask's bits in argument arg gets action, without them is
  // allowed (A holds nr again for nothing: the block returns either way).
  void ArgFlags(int nr, int arg, uint32_t mask, uint32_t action, bool action_when_set) {
    Jeq(static_cast<uint32_t>(nr), 0, 4);
    Load(ArgLow(arg));
    if (action_when_set)
      Jset(mask, 0, 1);
    else
      Jset(mask, 1, 0);
    Ret(action);
    Ret(SECCOMP_RET_ALLOW);
  }
  // nr allowed when argument arg equals value, action otherwise.
  void ArgEquals(int nr, int arg, uint32_t value, uint32_t action) {
    Jeq(static_cast<uint32_t>(nr), 0, 4);
    Load(ArgLow(arg));
    Jeq(value, 0, 1);
    Ret(SECCOMP_RET_ALLOW);
    Ret(action);
  }
  // socket(family, ...) allowed for the families given, EACCES otherwise.
  void Socket(const std::vector<int>& families) {
    const auto n = static_cast<uint8_t>(families.size());
    Jeq(SYS_socket, 0, static_cast<uint8_t>(n + 3));
    Load(ArgLow(0));
    for (uint8_t i = 0; i < n; ++i)
      Jeq(static_cast<uint32_t>(families[i]), static_cast<uint8_t>(n - i), 0);
    Ret(SECCOMP_RET_ERRNO | EACCES);
    Ret(SECCOMP_RET_ALLOW);
  }
  // socket(AF_NETLINK, any type, protocol) allowed, EACCES otherwise.
  void NetlinkSocket(int protocol) {
    Jeq(SYS_socket, 0, 6);
    Load(ArgLow(0));
    Jeq(AF_NETLINK, 0, 2);
    Load(ArgLow(2));
    Jeq(static_cast<uint32_t>(protocol), 1, 0);
    Ret(SECCOMP_RET_ERRNO | EACCES);
    Ret(SECCOMP_RET_ALLOW);
  }
  sock_fprog Prog() { return {static_cast<unsigned short>(code_.size()), code_.data()}; }

 private:
  void Add(int code, uint32_t k, uint8_t jt = 0, uint8_t jf = 0) {
    code_.push_back(sock_filter{static_cast<uint16_t>(code), jt, jf, k});
  }
  std::vector<sock_filter> code_;
};

std::vector<int> SocketFamilies(modules::SyscallProfile profile) {
  switch (profile) {
    case modules::SyscallProfile::kLocal:
    case modules::SyscallProfile::kReplaceFiles:
      return {};
    case modules::SyscallProfile::kNetlink:
      return {AF_NETLINK};
    case modules::SyscallProfile::kNetwork:
      return {AF_INET, AF_INET6, AF_NETLINK};
    case modules::SyscallProfile::kNetfilter:
      return {};  // NetlinkSocket(NETLINK_NETFILTER) instead
  }
  return {};
}

}  // namespace

Status InstallSeccompFilter(modules::SyscallProfile profile, modules::SignalScope signals) {
  if (kArch == 0) return Status::Error("seccomp: this architecture's system calls are not known");
  constexpr uint32_t kKill = SECCOMP_RET_KILL_PROCESS;
  Program p;
  p.Load(offsetof(seccomp_data, arch));
  p.Jeq(kArch, 1, 0);
  p.Ret(kKill);  // another ABI (32-bit calls on x86-64) would bypass the numbers
  p.LoadNr();
#if defined(__x86_64__)
  p.Jge(0x40000000, 0, 1);  // x32 system calls
  p.Ret(kKill);
#endif
  for (int nr : kKilled)
    if (!AllowedFor(profile, nr)) p.Syscall(nr, kKill);
  for (const auto& r : kRefused)
    p.Syscall(r.nr, SECCOMP_RET_ERRNO | static_cast<uint32_t>(r.error));
  if (profile == modules::SyscallProfile::kNetfilter) {
    p.NetlinkSocket(NETLINK_NETFILTER);
  } else {
    p.Socket(SocketFamilies(profile));
  }
  if (signals == modules::SignalScope::kSelf) {
    // The kernel reads the pid arguments as int: the low 32 bits decide.
    const auto self = static_cast<uint32_t>(getpid());
    for (int nr : {SYS_kill, SYS_tgkill, SYS_rt_sigqueueinfo, SYS_rt_tgsigqueueinfo}) {
      p.LoadNr();
      p.ArgEquals(nr, 0, self, kKill);
    }
    p.LoadNr();
    p.Syscall(SYS_tkill, kKill);  // names a thread of any process; glibc uses tgkill
    p.Syscall(SYS_pidfd_send_signal, kKill);
  }
  p.LoadNr();
  // A thread is fine; a new process (fork) is not.
  p.ArgFlags(SYS_clone, 0, CLONE_THREAD, kKill, false);
  if (profile != modules::SyscallProfile::kReplaceFiles) {
    p.LoadNr();
    p.ArgFlags(SYS_openat, 2, kWriteFlags, kKill, true);
#if defined(__x86_64__)
    p.LoadNr();
    p.ArgFlags(SYS_open, 1, kWriteFlags, kKill, true);
#endif
  }
  p.LoadNr();
  // Typing into a terminal is writing outside the pipe too.
  p.Jeq(SYS_ioctl, 0, 4);
  p.Load(ArgLow(1));
  p.Jeq(TIOCSTI, 0, 1);
  p.Ret(kKill);
  p.Ret(SECCOMP_RET_ALLOW);
  p.Ret(SECCOMP_RET_ALLOW);
  sock_fprog prog = p.Prog();
  if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0)
    return Status::Error(std::string("seccomp: ") + strerror(errno));
  return Status::Ok();
}

}  // namespace mig::agent
