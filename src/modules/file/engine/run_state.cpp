#include "modules/file/engine/run_state.h"

#include <unordered_map>

namespace mig::modules::file {

RunState::RunState(std::vector<CompiledSearch> searches) : searches_(std::move(searches)) {
  hits_.resize(searches_.size());
  for (size_t i = 0; i < searches_.size(); ++i) {
    // decompress is global: on when any search asks for it.
    if (searches_[i].search.options.decompress) decompress_ = true;
    hits_[i].by_check.resize(searches_[i].checks.size());
    hits_[i].seen_by_check.resize(searches_[i].checks.size());
  }
  BuildPrefilter();
}

void RunState::BuildPrefilter() {
  // Same pattern, same id: a file is scanned once for each distinct one.
  std::vector<std::string> patterns;
  std::unordered_map<std::string, int> ids;
  for (CompiledSearch& cs : searches_) {
    for (Check& c : cs.checks) {
      if (c.filter != Filter::kContent || !c.chunk_re) continue;
      auto [it, added] = ids.try_emplace(c.re->pattern(), static_cast<int>(patterns.size()));
      if (added) patterns.push_back(c.re->pattern());
      c.prefilter_id = it->second;
    }
  }
  if (patterns.empty()) return;
  prefilter_ = std::make_unique<ContentPrefilter>(patterns);
  for (CompiledSearch& cs : searches_)
    for (Check& c : cs.checks)
      if (c.prefilter_id >= 0 && !prefilter_->Contains(static_cast<size_t>(c.prefilter_id)))
        c.prefilter_id = -1;
  if (prefilter_->empty()) prefilter_.reset();
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
