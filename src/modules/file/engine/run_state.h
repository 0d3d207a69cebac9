// What one run of the file module shares between its walking threads: the
// compiled searches, the files they recorded, counters and errors.
#pragma once

#include <sys/stat.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

#include "modules/file/engine/checks.h"
#include "modules/file/engine/content_prefilter.h"

namespace mig::modules::file {

struct FileHit {
  std::string path;
  struct stat st {};
  std::string sha256;  // upper-case hex, only with returnsha256
};

// Files recorded by one search: whole-search hits (matchall) or per-check
// hits (matchany), each without duplicates, in the order recorded.
struct SearchHits {
  std::vector<FileHit> files;
  std::unordered_set<std::string> seen;
  std::vector<std::vector<FileHit>> by_check;
  std::vector<std::unordered_set<std::string>> seen_by_check;
};

class RunState {
 public:
  explicit RunState(std::vector<CompiledSearch> searches);

  const std::vector<CompiledSearch>& searches() const { return searches_; }
  bool decompress() const { return decompress_; }
  // Every content pattern of the run in one Hyperscan database (null when
  // no pattern could go in); checks carry their prefilter_id.
  const ContentPrefilter* prefilter() const { return prefilter_.get(); }

  // Takes one unit of the global hit counter if it is below limit.
  bool ReserveHit(uint64_t limit);
  bool BelowLimit(uint64_t limit) const { return totalhits_.load() < limit; }

  // Records a hit unless the file is already there or the limit is
  // reached. check < 0 records a whole-search (matchall) hit.
  void Record(size_t search, int check, FileHit hit);

  void AddError(std::string message);
  void CountFile() { ++filescount_; }
  void CountOpenFailure() { ++openfailed_; }

  uint64_t filescount() const { return filescount_.load(); }
  uint64_t openfailed() const { return openfailed_.load(); }
  uint64_t totalhits() const { return totalhits_.load(); }
  const std::vector<std::string>& errors() const { return errors_; }
  const SearchHits& hits(size_t search) const { return hits_[search]; }

 private:
  void BuildPrefilter();

  std::vector<CompiledSearch> searches_;
  bool decompress_ = false;
  std::unique_ptr<ContentPrefilter> prefilter_;
  std::atomic<uint64_t> filescount_{0}, openfailed_{0}, totalhits_{0};
  std::mutex mu_;  // guards hits_ and errors_
  std::vector<SearchHits> hits_;
  std::vector<std::string> errors_;
};

}  // namespace mig::modules::file
