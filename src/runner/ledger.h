// What a job has launched, kept on disk so that no schedule occurrence is
// ever launched twice, also across restarts (<job>/ledger.json, written
// durably). A launch is first claimed (pending: the signed action is stored
// before it is posted), then recorded as launched with the API's action ID.
// A pending claim found again after a crash or an unanswered POST is looked
// up in the API before anything is posted again.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/documents.h"
#include "core/status.h"

namespace mig::runner {

struct JobLedger {
  // The last occurrence launched (Unix seconds); occurrences at or before it
  // are never launched again.
  int64_t launched_occurrence = 0;
  Id launched_action_id = 0;
  // A claim not yet known to have reached the API.
  std::optional<int64_t> pending_occurrence;
  std::string pending_action;  // the signed action JSON, when pending
};

inline constexpr size_t kMaxLedgerBytes = 16 * 1024 * 1024 + 4096;

std::string LedgerPath(const std::string& job_dir);

// nullopt when the job never ran here (no ledger file). A damaged ledger is
// an error: the job stays stopped rather than risk a second launch.
Result<std::optional<JobLedger>> ReadLedger(const std::string& job_dir);
Status WriteLedger(const std::string& job_dir, const JobLedger& ledger);

// <job>/inflight/<actionid>.json: a launched action whose results are still
// to be fetched, with what to do with them (components.md 8, storage.md 7).
struct InflightAction {
  std::string job;
  std::string plugin;
  Action action;  // with its ID
};

std::string InflightPath(const std::string& job_dir, Id action_id);
Status WriteInflight(const std::string& job_dir, const InflightAction& inflight);
Result<InflightAction> ReadInflight(const std::string& path);

}  // namespace mig::runner
