// What the memory module reads about a Linux process from /proc/<pid>
// beyond what procfs/processes.h gives: its mapped libraries and readable
// regions.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace mig::modules::memory {

struct Region {
  uint64_t start = 0, end = 0;
  std::string path;
  bool readable = false;
};

// Parsed /proc/<pid>/maps; empty when the process is gone.
std::vector<Region> ReadMaps(int pid);

// Start addresses of regions the kernel marks "dd" (VM_DONTDUMP) in
// /proc/<pid>/smaps: sanitizer shadows and similar multi-terabyte sparse
// reservations that core dumps skip too; scanning them would never end.
std::set<uint64_t> DontDumpRegions(int pid);

// Distinct mapped paths, without the executable, /dev/zero, empty paths
// and [pseudo] entries.
std::vector<std::string> Libraries(const std::vector<Region>& maps, const std::string& exe);

}  // namespace mig::modules::memory
