#include "agent/capabilities.h"

#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace mig::agent {
namespace {

struct CapSets {
  uint64_t effective = 0, permitted = 0, inheritable = 0;
};

CapSets Get() {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2] = {};
  CapSets s;
  if (syscall(SYS_capget, &header, data) != 0) return s;
  s.effective = data[0].effective | (uint64_t{data[1].effective} << 32);
  s.permitted = data[0].permitted | (uint64_t{data[1].permitted} << 32);
  s.inheritable = data[0].inheritable | (uint64_t{data[1].inheritable} << 32);
  return s;
}

std::string Errno(const char* what) {
  return std::string(what) + ": " + strerror(errno);
}

}  // namespace

uint64_t CapabilityMask(const std::vector<int>& capabilities) {
  uint64_t mask = 0;
  for (int c : capabilities)
    if (c >= 0 && c < 64) mask |= uint64_t{1} << c;
  return mask;
}

uint64_t EffectiveCapabilities() {
  return Get().effective;
}
uint64_t PermittedCapabilities() {
  return Get().permitted;
}
bool HasCapability(int capability) {
  return (EffectiveCapabilities() & CapabilityMask({capability})) != 0;
}

Status KeepOnlyCapabilities(uint64_t keep) {
  keep &= Get().permitted;
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2] = {};
  for (int i = 0; i < 2; ++i) {
    data[i].effective = data[i].permitted = static_cast<uint32_t>(keep >> (32 * i));
    data[i].inheritable = 0;
  }
  if (syscall(SYS_capset, &header, data) != 0) return Status::Error(Errno("capset"));
  if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL)
    return Status::Error(Errno("clearing the ambient capabilities"));
  return Status::Ok();
}

Status DropBoundingSet(uint64_t keep) {
  for (int c = 0; c < 64; ++c) {
    if (keep & (uint64_t{1} << c)) continue;
    if (prctl(PR_CAPBSET_READ, c, 0, 0, 0) < 0) break;  // past the kernel's last capability
    if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) != 0)
      return Status::Error(
          Errno(("dropping capability " + std::to_string(c) + " from the bounding set").c_str()));
  }
  return Status::Ok();
}

}  // namespace mig::agent
