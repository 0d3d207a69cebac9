// One mig-runner job, <directory>/runners/<job>/ (components.md 8):
// entity.cfg says when and how, action.json what.
//   [configuration]
//       schedule = "0 */4 * * *"   ; cron (cron_expression.h)
//       plugin   = "myplugin"      ; optional, in <directory>/plugins/
//       expiry   = "10m"           ; optional, default 5m
//       sendonly = false           ; true: launch only, never fetch results
//   [output]                       ; optional: findings as OCSF/ECS lines (job_output.h)
// Everything read here is checked before the job runs: a bad job is
// reported with its reason and skipped, the others go on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/documents.h"
#include "core/status.h"
#include "runner/cron_expression.h"
#include "runner/job_output.h"

namespace mig::runner {

inline constexpr size_t kMaxEntityBytes = 64 * 1024;
inline constexpr size_t kMaxActionBytes = 8 * 1024 * 1024;

// When a job's files last changed: a different stamp restarts the job.
struct JobFilesStamp {
  int64_t entity_mtime_ns = 0, entity_size = 0, entity_inode = 0;
  int64_t action_mtime_ns = 0, action_size = 0, action_inode = 0;
  bool operator==(const JobFilesStamp&) const = default;
};

struct JobSpec {
  std::string name;
  std::string dir;  // <directory>/runners/<name>
  CronExpression schedule;
  std::string plugin;  // file name in <directory>/plugins/, or empty
  int64_t expiry_seconds = 300;
  bool send_only = false;
  std::optional<JobOutput> output;  // [output], the built-in findings output
  Action action;  // the template from action.json; times and name are set at launch
  JobFilesStamp stamp;
};

// Job names are directory names: letters, digits, '.', '_', '-', at most 64,
// not starting with '.'. They end up in action names, logs and paths.
Status CheckJobName(const std::string& name);

// The stamp of a job's two files without reading them (missing: zeros).
JobFilesStamp StampJobFiles(const std::string& job_dir);

// Reads and checks the job. The job directory and its files must be real
// (no symbolic links), the plugin an executable regular file.
Result<JobSpec> LoadJob(const std::string& runner_dir, const std::string& name);

}  // namespace mig::runner
