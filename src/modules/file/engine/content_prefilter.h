// One Hyperscan database holding every content pattern of a run, used as a
// prefilter: a single pass over a chunk of lines reports, for all patterns
// at once, the places where a pattern may match. RE2 then confirms the line
// around each candidate, so answers stay exactly RE2's (spec section 5.6).
//
// A pattern is only put in the database when its prefilter form provably
// accepts every line RE2 accepts (see PrefilterForm); the others keep the
// plain RE2 scan.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct hs_database;

namespace mig::modules::file {

// The Hyperscan pattern (byte mode, multi-line) whose matches include every
// match RE2 finds for `pattern` on a single line, or nullopt when the
// rewrite cannot guarantee that (non-ASCII text, Unicode classes,
// back-references, case folding of k or s...). Single-byte tokens that RE2
// lets match a multi-byte character ('.', negated classes, \W \S \D)
// become one-or-more bytes.
std::optional<std::string> PrefilterForm(std::string_view pattern);

class ContentPrefilter {
 public:
  // Patterns as RE2 gets them (without '!'); ids are indexes in this list.
  // Patterns that cannot be compiled are left out: Contains() says which.
  explicit ContentPrefilter(const std::vector<std::string>& patterns);
  ~ContentPrefilter();
  ContentPrefilter(const ContentPrefilter&) = delete;
  ContentPrefilter& operator=(const ContentPrefilter&) = delete;

  bool Contains(size_t id) const { return id < in_db_.size() && in_db_[id]; }
  bool empty() const { return db_ == nullptr; }

  // Called with (pattern id, end offset of a possible match); returning
  // false stops the scan.
  using OnCandidate = bool (*)(void* context, unsigned id, size_t end);
  // Scans text once for every pattern; false when Hyperscan failed (the
  // caller then falls back to RE2 for this text).
  bool Scan(std::string_view text, OnCandidate on_candidate, void* context) const;

 private:
  hs_database* db_ = nullptr;
  std::vector<bool> in_db_;
};

}  // namespace mig::modules::file
