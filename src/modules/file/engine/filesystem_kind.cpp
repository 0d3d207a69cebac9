#include "modules/file/engine/filesystem_kind.h"

#include <sys/vfs.h>

#include <algorithm>
#include <array>
#include <cstdint>

namespace mig::modules::file {
namespace {

// Magic numbers of statfs(2)'s f_type (linux/magic.h).
constexpr std::array<uint32_t, 11> kHonest = {
    0xEF53,      // ext2, ext3, ext4
    0x58465342,  // xfs
    0x9123683E,  // btrfs
    0x01021994,  // tmpfs
    0x794C7630,  // overlayfs
    0x2FC12FC1,  // zfs
    0xF2F52010,  // f2fs
    0x73717368,  // squashfs
    0x4D44,      // vfat
    0x2011BAB0,  // exfat
    0x3153464A,  // jfs
};

}  // namespace

bool HasHonestEntries(int dirfd) {
  struct statfs fs {};
  if (fstatfs(dirfd, &fs) != 0) return false;
  const auto type = static_cast<uint32_t>(fs.f_type);
  return std::find(kHonest.begin(), kHonest.end(), type) != kHonest.end();
}

}  // namespace mig::modules::file
