// Work in flight, on disk. A command is written here before its relay
// message is acknowledged and removed once its result has been confirmed by
// the relay, so a crash or restart neither loses a command nor runs it twice:
//   inflight/<id>.json   received, not yet answered
//   done/<id>            answered (kept a while to recognise redeliveries)
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace mig::agent {

class Journal {
 public:
  // Creates <dir>/inflight and <dir>/done as needed.
  static Result<Journal> Open(const std::string& dir);

  // Durably records a received command (atomic write + fsync).
  Status Begin(int64_t command_id, const std::string& body);
  // The command was answered: forget the body, remember the id.
  Status Finish(int64_t command_id);
  // True if this command was already answered or is in flight.
  bool Seen(int64_t command_id) const;

  struct Entry {
    int64_t command_id;
    std::string body;
  };
  // Commands that were received but never answered (after a crash).
  std::vector<Entry> Unfinished() const;

  // Drops done/ markers older than max_age.
  void Prune(std::chrono::seconds max_age);

 private:
  explicit Journal(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
};

}  // namespace mig::agent
