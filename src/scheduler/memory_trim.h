// Hands memory freed after a large action back to the system.
//
// Dispatching 10,000 commands and storing their results allocates and frees
// tens of MiB in several threads; glibc keeps freed blocks in its per-thread
// arenas, so the scheduler's RSS climbed by about 5 MiB per 10,000-agent
// action in the soak benchmark although nothing leaked (malloc_trim gave
// 83 of 145 MiB back). A trim now and then keeps RSS at what is in use.
#pragma once

#include <chrono>

namespace mig::scheduler {

class MemoryTrimmer {
 public:
  explicit MemoryTrimmer(std::chrono::steady_clock::duration every) : every_(every) {}
  // Trims when `every` has passed since the last trim; cheap otherwise.
  void MaybeTrim();

 private:
  std::chrono::steady_clock::duration every_;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace mig::scheduler
