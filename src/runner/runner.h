// mig-runner's work: keeps the jobs under <directory>/runners/ in step with
// their files, launches each schedule occurrence once, and collects results
// once an action has expired (components.md 8). Single-threaded: Tick() does
// one pass, Run() calls it every second until stopped.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "runner/config.h"
#include "runner/gateway.h"
#include "runner/job_spec.h"
#include "runner/ledger.h"

namespace mig::runner {

// Adds the runner's investigator signature to an action.
using ActionSigner = std::function<Status(Action&)>;

class Runner {
 public:
  Runner(RunnerConfig config, ActionGateway& gateway, ActionSigner sign);

  // Retry delays double from 1 s up to this.
  void SetMaxRetryDelay(int64_t seconds) { max_retry_delay_ = seconds; }

  // One pass at now (Unix seconds): rescan when due, launch what is due,
  // collect what is ripe.
  void Tick(int64_t now);
  void Run(const std::atomic<bool>& stop);

  // Names of the jobs running, for tests and the log.
  std::vector<std::string> RunningJobs() const;

 private:
  struct Job {
    JobSpec spec;
    JobLedger ledger;
    int failures = 0;
    int64_t retry_at = 0;
    // The first occurrence after the ledger's; nullopt: none before 2100.
    // Kept so that a tick costs nothing until it comes.
    std::optional<int64_t> next_due;
  };
  struct Pending {  // an in-flight action waiting for its results
    std::string job_dir, path;
    int64_t ripe_at = 0;
    int failures = 0;
    int64_t retry_at = 0;
  };

  void Rescan(int64_t now);
  void StartJob(JobSpec spec, int64_t now);
  void ScanInflight(const std::string& job_dir);
  void LaunchIfDue(Job& job, int64_t now);
  Status Launch(Job& job, int64_t occurrence, int64_t now);
  Status Recorded(Job& job, Action action, int64_t occurrence);
  void Collect(Pending& p, int64_t now);
  int64_t Backoff(int& failures, int64_t now) const;

  RunnerConfig config_;
  ActionGateway& gateway_;
  ActionSigner sign_;
  int64_t max_retry_delay_ = 60;
  int64_t next_scan_ = 0;
  std::map<std::string, Job> jobs_;
  // Jobs that failed to load, by the stamp of their files and ledger:
  // reported once per change, retried when one of them changes (a damaged
  // ledger removed, a file fixed).
  struct BrokenStamp {
    JobFilesStamp files;
    int64_t ledger_mtime_ns = 0, ledger_size = -1;
    bool operator==(const BrokenStamp&) const = default;
  };
  static BrokenStamp StampBroken(const std::string& job_dir);
  std::map<std::string, BrokenStamp> broken_;
  std::map<std::string, Pending> inflight_;  // by marker path
};

}  // namespace mig::runner
