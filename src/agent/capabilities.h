// The process's Linux capabilities through the raw system calls (no libcap):
// what the sandbox needs to keep a module's few and drop every other.
#pragma once

#include <cstdint>
#include <vector>

#include "core/status.h"

namespace mig::agent {

// Bit n set = capability n.
uint64_t CapabilityMask(const std::vector<int>& capabilities);
uint64_t EffectiveCapabilities();
uint64_t PermittedCapabilities();
bool HasCapability(int capability);

// Sets effective and permitted to keep (within what is permitted now),
// inheritable to none, and clears the ambient set.
Status KeepOnlyCapabilities(uint64_t keep);

// Drops every capability but keep from the bounding set (needs CAP_SETPCAP).
Status DropBoundingSet(uint64_t keep);

}  // namespace mig::agent
