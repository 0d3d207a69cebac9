// Line-by-line content checks (spec/modules/file.md section 5.6) over a
// stream of bytes fed in pieces: one pass serves every search's content
// checks. Lines end at LF with one CR before it removed; a file has zero
// lines when empty. Lines longer than kMaxLine are cut into pieces of that
// size so that memory stays bounded (MIG stops at 64 KiB; we go further).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "modules/file/engine/checks.h"
#include "modules/file/engine/content_prefilter.h"

namespace mig::modules::file {

inline constexpr size_t kMaxLine = size_t{16} << 20;

// The content checks of one search for one file, and what they recorded.
struct ContentJob {
  std::vector<const Check*> checks;  // the search's content checks, in order
  bool macroal = false;
  std::vector<bool> recorded;  // filled by ContentScanner::Finish
};

class ContentScanner {
 public:
  // With a prefilter, checks outside macroal that have a prefilter_id are
  // found by one Hyperscan pass per chunk and confirmed line by line.
  explicit ContentScanner(std::vector<ContentJob*> jobs,
                          const ContentPrefilter* prefilter = nullptr);

  void Feed(std::string_view data);
  // End of the file: fills every job's recorded flags.
  void Finish();
  // True when no more lines can change any result (early stop).
  bool Done() const;

 private:
  struct PlainState {  // a check outside macroal: did some line match?
    const Check* check;
    bool matched = false;
    size_t last_line = std::string_view::npos;  // last candidate line tested, this chunk
  };
  struct MacroalState {
    ContentJob* job;
    bool failed = false;
    int failed_check = -1;
  };

  void ScanLines(std::string_view text);  // complete lines, each ending in '\n'
  void ScanNormalized(std::string_view text);
  // Runs the prefilter over text; false when it could not scan.
  bool PrefilterPass(std::string_view text);
  static bool OnCandidate(void* self, unsigned id, size_t end);

  std::vector<ContentJob*> jobs_;
  const ContentPrefilter* prefilter_;
  std::string_view hs_text_;  // the chunk being prefiltered
  size_t pending_hs_ = 0;     // prefiltered plain checks not matched yet
  std::vector<PlainState> plain_;
  std::vector<MacroalState> macroal_;
  std::string pending_;  // the start of a line not yet ended
  std::string scratch_;  // CRLF-normalised copy of a chunk
  bool saw_line_ = false;
  size_t pending_plain_ = 0;  // plain checks that have not matched yet
  size_t live_macroal_ = 0;
};

// Offset of the first line at or after `from` (a line start) of text
// (lines ending in '\n') that matches the check's regex, or npos.
size_t NextMatchingLine(const Check& check, std::string_view text, size_t from);

}  // namespace mig::modules::file
