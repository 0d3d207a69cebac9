// mig-scheduler: four loops, each with its own store and relay connections
// (components.md 4.3): the collector (expire, claim, dispatch), the result
// ingest, the heartbeat ingest, and the periodic sweeps. Every loop survives
// a lost relay or database by reconnecting with backoff.
#pragma once

#include <atomic>

#include "scheduler/config.h"

namespace mig::scheduler {

// Runs until stop becomes true. Returns the exit status: non-zero only when
// start-up is impossible (bad store, bad whitelist).
int RunScheduler(const SchedulerConfig& config, const std::atomic<bool>& stop);

}  // namespace mig::scheduler
