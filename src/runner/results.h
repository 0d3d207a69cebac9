// What mig-runner does with a finished action's commands (components.md 8,
// storage.md 7): the RunnerResult document, written under the job's
// results/<YYYYMMDD>/<actionid>.json, and given to the job's plugin on stdin.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/documents.h"
#include "core/status.h"
#include "runner/ledger.h"

namespace mig::runner {

// {"action":…,"commands":[…],"name":"<job>","plugin":"<plugin>"}
std::string RunnerResultJson(const InflightAction& inflight, const std::vector<Json>& commands);

// <job_dir>/results/<YYYYMMDD of now, UTC>/<actionid>.json, written durably.
// Returns the path.
Result<std::string> WriteResultFile(const std::string& job_dir, Id action_id,
                                    const std::string& result_json, int64_t now_unix);

// Runs <runner_dir>/plugins/<plugin> with the result on stdin, killed after
// timeout. Ok when it exited 0; otherwise the error says how it failed.
Status RunPlugin(const std::string& runner_dir, const std::string& plugin,
                 const std::string& result_json, std::chrono::seconds timeout);

}  // namespace mig::runner
