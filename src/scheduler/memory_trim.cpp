#include "scheduler/memory_trim.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace mig::scheduler {

void MemoryTrimmer::MaybeTrim() {
  const auto now = std::chrono::steady_clock::now();
  if (now - last_ < every_) return;
  last_ = now;
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace mig::scheduler
