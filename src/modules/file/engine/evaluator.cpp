#include "modules/file/engine/evaluator.h"

#include <fcntl.h>

#include <cerrno>
#include <memory>
#include <optional>

#include "modules/file/engine/content_scanner.h"
#include "modules/file/engine/file_reader.h"
#include "modules/file/engine/hasher.h"
#include "modules/go_format.h"

namespace mig::modules::file {
namespace {

// Per-search state for the file being evaluated.
struct Verdict {
  size_t search;
  bool alive = true;  // matchall: no filter type has failed yet
  std::vector<bool> recorded;
  ContentJob content;
};

// Stat following links, taken at most once and only when needed.
class LazyStat {
 public:
  explicit LazyStat(const FileRef& f) : file_(f) {
    if (f.st) {
      st_ = *f.st;
      state_ = kOk;
    }
  }
  const struct stat* Get() {
    if (state_ == kUnknown) state_ = fstatat(file_.dirfd, file_.name, &st_, 0) == 0 ? kOk : kFailed;
    return state_ == kOk ? &st_ : nullptr;
  }

 private:
  const FileRef& file_;
  struct stat st_ {};
  enum { kUnknown, kOk, kFailed } state_ = kUnknown;
};

bool IsMetadata(Filter f) {
  return f == Filter::kName || f == Filter::kMode || f == Filter::kSize || f == Filter::kMtime;
}

// Runs the metadata checks in MIG's order (names, modes, sizes, mtimes).
// Under matchall the first failing filter type ends the search for this file.
void MetadataPass(const CompiledSearch& cs, Verdict& v, const FileRef& file, LazyStat& stat) {
  const bool matchall = cs.search.options.matchall;
  for (Filter f : {Filter::kName, Filter::kMode, Filter::kSize, Filter::kMtime}) {
    bool filter_ok = true;
    for (size_t i = 0; i < cs.checks.size(); ++i) {
      const Check& c = cs.checks[i];
      if (c.filter != f) continue;
      const struct stat* st = nullptr;
      if (f != Filter::kName && !(st = stat.Get())) {
        filter_ok = false;
        continue;
      }
      v.recorded[i] = c.Records(MetadataMatches(c, file.base_name, st));
      if (!v.recorded[i]) filter_ok = false;
    }
    if (matchall && !filter_ok) {
      v.alive = false;
      return;
    }
  }
}

std::string ReadErrorText(const ReadOutcome& r, bool for_content, std::string_view path) {
  const std::string where = for_content ? "checkContent() -> " : "checkHash() -> ";
  if (r.kind == ReadOutcome::kOpenFailed)
    return where + "open " + JsonSafe(path) + ": " + r.error.substr(r.error.find(": ") + 2);
  return where + JsonSafe(path) + ": " + r.error;
}

}  // namespace

void EvaluateFile(RunState& state, const std::vector<size_t>& active, const FileRef& file) {
  state.CountFile();
  LazyStat stat(file);
  std::vector<Verdict> verdicts;
  verdicts.reserve(active.size());
  for (size_t s : active) {
    const CompiledSearch& cs = state.searches()[s];
    Verdict v{.search = s};
    v.recorded.assign(cs.checks.size(), false);
    MetadataPass(cs, v, file, stat);
    verdicts.push_back(std::move(v));
  }

  // What the single read has to serve.
  std::vector<ContentJob*> jobs;
  HashMask hashes = 0;
  bool want_sha256_result = false;
  for (Verdict& v : verdicts) {
    if (!v.alive) continue;
    const CompiledSearch& cs = state.searches()[v.search];
    if (cs.has_content) {
      v.content.macroal = cs.search.options.macroal;
      for (const Check& c : cs.checks)
        if (c.filter == Filter::kContent) v.content.checks.push_back(&c);
      jobs.push_back(&v.content);
    }
    hashes |= cs.hashes;
    if (cs.search.options.returnsha256 && cs.search.options.matchall) want_sha256_result = true;
  }
  const bool needs_read = !jobs.empty() || hashes != 0;
  std::optional<MultiHasher> hasher;
  bool read_ok = true;
  if (needs_read) {
    if (want_sha256_result) hashes |= Bit(HashAlgo::kSha256);
    ContentScanner scanner(jobs, state.prefilter());
    if (hashes) hasher.emplace(hashes);
    const ReadOutcome r = ReadFileOnce(
        file.dirfd, file.name, state.decompress(),
        [&](std::string_view data) {
          if (!scanner.Done()) scanner.Feed(data);
          if (hasher) hasher->Update(data);
          return hasher.has_value() || !scanner.Done();
        },
        file.kind);
    if (r.kind != ReadOutcome::kOk) {
      read_ok = false;
      // A file that turned into something else (or a special file given as
      // a root) is not read and not an error.
      if (r.kind != ReadOutcome::kNotRegular) {
        if (r.kind == ReadOutcome::kOpenFailed) state.CountOpenFailure();
        state.AddError(ReadErrorText(r, !jobs.empty(), file.path));
      }
    } else {
      scanner.Finish();
      if (hasher) hasher->Finish();
    }
  }

  for (Verdict& v : verdicts) {
    const CompiledSearch& cs = state.searches()[v.search];
    if (cs.checks.empty()) continue;
    const bool matchall = cs.search.options.matchall;
    if (v.alive && read_ok) {
      size_t k = 0;
      for (size_t i = 0; i < cs.checks.size(); ++i) {
        const Check& c = cs.checks[i];
        if (c.filter == Filter::kContent) {
          v.recorded[i] = v.content.recorded[k++];
        } else if (!IsMetadata(c.filter)) {
          v.recorded[i] = c.Records(hasher->Hex(c.algo) == c.hash_upper);
        }
      }
    } else if (!read_ok) {
      // Unreadable: content and hash checks record nothing.
      for (size_t i = 0; i < cs.checks.size(); ++i)
        if (!IsMetadata(cs.checks[i].filter)) v.recorded[i] = false;
    }
    auto make_hit = [&]() -> std::optional<FileHit> {
      const struct stat* st = stat.Get();
      if (!st) return std::nullopt;
      return FileHit{std::string(file.path), *st, {}};
    };
    if (matchall) {
      if (!v.alive) continue;
      bool all = true;
      for (bool r : v.recorded)
        all = all && r;
      if (!all) continue;
      auto hit = make_hit();
      if (!hit) continue;
      if (cs.search.options.returnsha256) {
        if (hasher && (hasher->algorithms() & Bit(HashAlgo::kSha256))) {
          hit->sha256 = hasher->Hex(HashAlgo::kSha256);
        } else {
          MultiHasher h(Bit(HashAlgo::kSha256));
          ReadFileOnce(
              file.dirfd, file.name, state.decompress(),
              [&](std::string_view d) {
                h.Update(d);
                return true;
              },
              file.kind);
          h.Finish();
          hit->sha256 = h.Hex(HashAlgo::kSha256);
        }
      }
      state.Record(v.search, -1, std::move(*hit));
    } else {
      for (size_t i = 0; i < cs.checks.size(); ++i) {
        if (!v.recorded[i]) continue;
        auto hit = make_hit();
        if (hit) state.Record(v.search, static_cast<int>(i), std::move(*hit));
      }
    }
  }
}

}  // namespace mig::modules::file
