#include "modules/file/run_state.h"

namespace mig::modules::file {

RunState::RunState(std::vector<CompiledSearch> searches) : searches_(std::move(searches)) {
  hits_.resize(searches_.size());
  for (size_t i = 0; i < searches_.size(); ++i) {
    // decompress is global: on when any search asks for it.
    if (searches_[i].search.options.decompress) decompress_ = true;
    hits_[i].by_check.resize(searches_[i].checks.size());
    hits_[i].seen_by_check.resize(searches_[i].checks.size());
  }
}

bool RunState::ReserveHit(uint64_t limit) {
  uint64_t cur = totalhits_.load();
  while (cur < limit) {
    if (totalhits_.compare_exchange_weak(cur, cur + 1)) return true;
  }
  return false;
}

void RunState::Record(size_t search, int check, FileHit hit) {
  std::lock_guard lock(mu_);
  SearchHits& h = hits_[search];
  auto& seen = check < 0 ? h.seen : h.seen_by_check[static_cast<size_t>(check)];
  if (seen.count(hit.path)) return;
  if (!ReserveHit(searches_[search].matchlimit)) return;
  seen.insert(hit.path);
  auto& list = check < 0 ? h.files : h.by_check[static_cast<size_t>(check)];
  list.push_back(std::move(hit));
}

void RunState::AddError(std::string message) {
  std::lock_guard lock(mu_);
  errors_.push_back(std::move(message));
}

}  // namespace mig::modules::file
