#include "modules/file/engine/content_prefilter.h"

#include <hs/hs.h>

#include <cstdlib>

namespace mig::modules::file {
namespace {

bool IsAscii(char c) {
  return static_cast<unsigned char>(c) < 0x80;
}
bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
// Letters whose RE2 case folding reaches outside ASCII (K: KELVIN SIGN,
// s: LATIN SMALL LETTER LONG S), which byte-mode Hyperscan cannot follow.
bool FoldsOutsideAscii(char c) {
  return c == 'k' || c == 'K' || c == 's' || c == 'S';
}

// RE2 escapes whose meaning or width differs in byte-mode Hyperscan.
bool UnsafeEscape(std::string_view p, size_t i) {
  const char n = p[i + 1];
  if (n == 'p' || n == 'P' || n == 'C' || n == 'X' || n == 'Q' || IsDigit(n)) return true;
  if (n == 'x') {
    // \x{...} or \x80-\xFF name code points that are several bytes long.
    if (i + 2 >= p.size() || p[i + 2] == '{') return true;
    return !(p[i + 2] >= '0' && p[i + 2] <= '7');
  }
  return !IsAscii(n);
}

struct FormState {
  bool caseless = false;        // some (?i) flag
  bool foldable_class = false;  // a range or \w that (?i) could widen
  bool foldable_letter = false;
};

// Copies the bracket class starting at p[i] ('[') to out; returns the index
// after it, or npos when it cannot be used.
size_t CopyClass(std::string_view p, size_t i, std::string& out, FormState& st) {
  size_t j = i + 1;
  bool negated = false;
  if (j < p.size() && p[j] == '^') {
    negated = true;
    ++j;
  }
  if (j < p.size() && p[j] == ']') ++j;  // a leading ']' is literal
  while (j < p.size() && p[j] != ']') {
    const char c = p[j];
    if (!IsAscii(c)) return std::string_view::npos;
    if (c == '[' && j + 1 < p.size() && p[j + 1] == ':') {
      const size_t end = p.find(":]", j + 2);
      if (end == std::string_view::npos || p[j + 2] == '^') return std::string_view::npos;
      st.foldable_class = true;
      j = end + 2;
      continue;
    }
    if (c == '\\') {
      if (j + 1 >= p.size() || UnsafeEscape(p, j)) return std::string_view::npos;
      const char n = p[j + 1];
      if (n == 'W' || n == 'S' || n == 'D') return std::string_view::npos;
      if (n == 'w') st.foldable_class = true;
      j += 2;
      continue;
    }
    if (c == '-') st.foldable_class = true;
    if (FoldsOutsideAscii(c)) st.foldable_letter = true;
    ++j;
  }
  if (j >= p.size()) return std::string_view::npos;
  const std::string_view cls = p.substr(i, j + 1 - i);
  // A negated class matches a whole multi-byte character in RE2.
  if (negated) {
    out += "(?:";
    out += cls;
    out += "+)";
  } else {
    out += cls;
  }
  return j + 1;
}

}  // namespace

std::optional<std::string> PrefilterForm(std::string_view p) {
  std::string out;
  FormState st;
  size_t i = 0;
  while (i < p.size()) {
    const char c = p[i];
    if (!IsAscii(c)) return std::nullopt;
    if (c == '\\') {
      if (i + 1 >= p.size() || UnsafeEscape(p, i)) return std::nullopt;
      const char n = p[i + 1];
      if (n == 'W' || n == 'S' || n == 'D') {
        out += "(?:\\";
        out += n;
        out += "+)";
      } else {
        if (n == 'w') st.foldable_class = true;
        out += c;
        out += n;
      }
      i += 2;
      continue;
    }
    if (c == '[') {
      i = CopyClass(p, i, out, st);
      if (i == std::string_view::npos) return std::nullopt;
      continue;
    }
    if (c == '.') {
      // A line holds no newline, so even under (?s) '.' is one or more
      // non-newline bytes of a UTF-8 character.
      out += "(?:[^\\n]+)";
      ++i;
      continue;
    }
    if (c == '(' && i + 1 < p.size() && p[i + 1] == '?') {
      size_t j = i + 2;
      while (j < p.size() && (IsAlpha(p[j]) || p[j] == '-')) {
        if (p[j] == 'i') st.caseless = true;
        ++j;
      }
      out += p.substr(i, j - i);
      i = j;
      continue;
    }
    if (FoldsOutsideAscii(c)) st.foldable_letter = true;
    out += c;
    ++i;
  }
  if (st.caseless && (st.foldable_class || st.foldable_letter)) return std::nullopt;
  return out;
}

namespace {

constexpr unsigned kFlags = HS_FLAG_PREFILTER | HS_FLAG_MULTILINE;

// Hyperscan never reports empty matches (it even accepts "^" and then stays
// silent), so a pattern that can match the empty string is left to RE2.
bool Compiles(const std::string& form) {
  hs_compile_error_t* err = nullptr;
  hs_expr_info_t* info = nullptr;
  if (hs_expression_info(form.c_str(), kFlags, &info, &err) != HS_SUCCESS) {
    hs_free_compile_error(err);
    return false;
  }
  const bool can_be_empty = info->min_width == 0;
  free(info);
  if (can_be_empty) return false;
  hs_database_t* db = nullptr;
  if (hs_compile(form.c_str(), kFlags, HS_MODE_BLOCK, nullptr, &db, &err) != HS_SUCCESS) {
    hs_free_compile_error(err);
    return false;
  }
  hs_free_database(db);
  return true;
}

// Scratch space belongs to one thread; it grows to fit any database.
struct ThreadScratch {
  hs_scratch_t* scratch = nullptr;
  ~ThreadScratch() {
    if (scratch) hs_free_scratch(scratch);
  }
};

struct ScanContext {
  ContentPrefilter::OnCandidate on_candidate;
  void* context;
};

int OnMatch(unsigned id, unsigned long long /*from*/, unsigned long long to, unsigned /*flags*/,
            void* ctx) {
  auto* sc = static_cast<ScanContext*>(ctx);
  return sc->on_candidate(sc->context, id, static_cast<size_t>(to)) ? 0 : 1;
}

}  // namespace

ContentPrefilter::ContentPrefilter(const std::vector<std::string>& patterns)
    : in_db_(patterns.size(), false) {
  std::vector<std::string> forms;
  std::vector<unsigned> ids;
  for (size_t i = 0; i < patterns.size(); ++i) {
    std::optional<std::string> form = PrefilterForm(patterns[i]);
    // Patterns Hyperscan rejects, even as a prefilter (empty matches,
    // unsupported syntax), stay with RE2 alone.
    if (!form || !Compiles(*form)) continue;
    forms.push_back(std::move(*form));
    ids.push_back(static_cast<unsigned>(i));
  }
  if (forms.empty()) return;
  std::vector<const char*> exprs;
  for (const std::string& f : forms)
    exprs.push_back(f.c_str());
  const std::vector<unsigned> flags(forms.size(), kFlags);
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()),
                       HS_MODE_BLOCK, nullptr, &db_, &err) != HS_SUCCESS) {
    hs_free_compile_error(err);
    db_ = nullptr;
    return;
  }
  for (unsigned id : ids)
    in_db_[id] = true;
}

ContentPrefilter::~ContentPrefilter() {
  if (db_) hs_free_database(db_);
}

bool ContentPrefilter::Scan(std::string_view text, OnCandidate on_candidate, void* context) const {
  if (!db_) return false;
  thread_local ThreadScratch ts;
  if (hs_alloc_scratch(db_, &ts.scratch) != HS_SUCCESS) return false;
  ScanContext sc{on_candidate, context};
  const hs_error_t rc =
      hs_scan(db_, text.data(), static_cast<unsigned>(text.size()), 0, ts.scratch, OnMatch, &sc);
  return rc == HS_SUCCESS || rc == HS_SCAN_TERMINATED;
}

}  // namespace mig::modules::file
