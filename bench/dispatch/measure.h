// One benchmark run: a fresh platform and a swarm of N agents, K actions
// targeting all of them, then the heartbeat cost and the memory figures.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "platform.h"
#include "swarm.h"

namespace mig::bench {

struct RunOptions {
  PlatformOptions platform;
  size_t agents = 1000;
  size_t connections = 4;
  int actions = 5;
  VerifyMode verify = VerifyMode::kOnce;
  std::string delay = "0";
  int heartbeat_window_s = 60;  // 0: skip the heartbeat-cost measurement
  int duration_s = 0;           // soak: keep running this long, one action per interval
  int soak_interval_s = 60;     // the soak's action period; RSS is read at each period's end
  int action_timeout_s = 180;
  bool quiet = false;
};

struct ActionTiming {
  int64_t results = 0;    // final commands stored
  int64_t successes = 0;  // of which status success
  double completion_ms = -1, first_result_ms = -1;
  double dispatch_per_s = 0, ingest_per_s = 0;
  // When the swarm received the action's first and last command (ms after
  // the POST): splits the time into dispatch and answers.
  double first_command_ms = -1, last_command_ms = -1;
  // When the swarm published its first and last answer.
  double first_answer_ms = -1, last_answer_ms = -1;
};

struct RunResult {
  std::string store;
  size_t agents = 0;
  std::vector<ActionTiming> actions;
  ActionTiming median;  // each field's median over the actions
  double setup_s = 0;   // swarm start until every agent is online in the store
  double heartbeat_cpu_pct = -1;
  double scheduler_peak_mib = -1, api_peak_mib = -1, rabbitmq_mib = -1;
  // Soak: RSS after the first interval and at the end.
  double soak_first_period_mib = -1, soak_end_mib = -1;  // scheduler
  double soak_api_first_mib = -1, soak_api_end_mib = -1;
  int soak_actions = 0;
  std::string load_before, load_after;  // /proc/loadavg
};

Result<RunResult> RunDispatch(const RunOptions& options);

// "2.24 2.41 1.42" from /proc/loadavg.
std::string LoadAverage();

}  // namespace mig::bench
