// Every signed action this agent has run, on disk until it expires, so that
// a signed action runs at most once here however often it is submitted
// (issue 13, finding 6: a new command id used to re-run it). One file per
// action, named by the SHA-256 of its signed string (what its signatures
// cover, so re-wrapping it in a new action id or adding signatures does
// not make it new), holding the Unix time until which it is kept:
//   <dir>/<sha256 hex>
// Bounded: when full and nothing has expired it refuses new actions rather
// than forget old ones; when it cannot write, the action does not run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/documents.h"
#include "core/status.h"

namespace mig::agent {

class ActionLedger {
 public:
  static constexpr size_t kDefaultCapacity = 10000;
  // An action is kept this long past its expireafter, so that a clock
  // stepped back a little cannot revive it.
  static constexpr int64_t kRetentionSlackSeconds = 3600;

  // Creates dir as needed, loads its entries and deletes expired ones.
  static Result<std::unique_ptr<ActionLedger>> Open(const std::string& dir,
                                                    size_t capacity = kDefaultCapacity,
                                                    const Time& now = Time::Now());

  enum class Verdict { kFirstRun, kAlreadyRun };
  // Records the action as run before it runs (durably). kAlreadyRun: it ran
  // here before. An error (full, disk): it must not run.
  Result<Verdict> Record(const Action& action, const Time& now);

  size_t size() const;
  // The entry name of an action: hex SHA-256 of its signed string.
  static std::string Key(const Action& action);

 private:
  ActionLedger(std::string dir, size_t capacity) : dir_(std::move(dir)), capacity_(capacity) {}
  void PruneLocked(const Time& now);

  const std::string dir_;
  const size_t capacity_;
  mutable std::mutex mu_;
  std::map<std::string, int64_t> keep_until_;  // key -> Unix seconds
};

}  // namespace mig::agent
