// Whether a directory lives on a filesystem whose directory entries and file
// sizes can be trusted, so that a file listed as regular can be read without
// a stat of its own (one system call less per file).
#pragma once

namespace mig::modules::file {

// True for local disk and memory filesystems (ext4, xfs, btrfs, tmpfs,
// overlay...). False for procfs, sysfs and the other pseudo-filesystems,
// network and FUSE filesystems, and anything unknown: their files are stat-ed.
bool HasHonestEntries(int dirfd);

}  // namespace mig::modules::file
