#include "modules/file/engine/content_scanner.h"

#include <algorithm>
#include <cstring>

namespace mig::modules::file {

size_t NextMatchingLine(const Check& check, std::string_view text, size_t from) {
  size_t pos = from;
  while (pos < text.size()) {
    size_t line_start = pos;
    size_t line_end = 0;
    if (check.chunk_re) {
      // Multi-line search finds the leftmost candidate; no line before it
      // can match (a line match is also a multi-line match at that offset).
      re2::StringPiece m;
      if (!check.chunk_re->Match(text, pos, text.size(), RE2::UNANCHORED, &m, 1))
        return std::string_view::npos;
      const size_t p = static_cast<size_t>(m.data() - text.data());
      if (p >= text.size()) return std::string_view::npos;
      const size_t nl = p == 0 ? std::string_view::npos : text.rfind('\n', p - 1);
      line_start = nl == std::string_view::npos ? 0 : nl + 1;
      line_start = std::max(line_start, pos);
      line_end = text.find('\n', p);
    } else {
      line_end = text.find('\n', pos);
    }
    if (line_end == std::string_view::npos) line_end = text.size();
    if (RE2::PartialMatch(text.substr(line_start, line_end - line_start), *check.re))
      return line_start;
    pos = line_end + 1;
  }
  return std::string_view::npos;
}

ContentScanner::ContentScanner(std::vector<ContentJob*> jobs, const ContentPrefilter* prefilter)
    : jobs_(std::move(jobs)), prefilter_(prefilter) {
  for (ContentJob* job : jobs_) {
    job->recorded.assign(job->checks.size(), false);
    if (job->macroal) {
      macroal_.push_back({job});
    } else {
      for (const Check* c : job->checks)
        plain_.push_back({c});
    }
  }
  pending_plain_ = plain_.size();
  if (prefilter_)
    for (const PlainState& p : plain_)
      if (p.check->prefilter_id >= 0) ++pending_hs_;
  live_macroal_ = macroal_.size();
}

bool ContentScanner::Done() const {
  return pending_plain_ == 0 && live_macroal_ == 0;
}

void ContentScanner::Feed(std::string_view data) {
  while (!data.empty() && !Done()) {
    const size_t first_nl = data.find('\n');
    if (first_nl == std::string_view::npos) {
      pending_.append(data);
      if (pending_.size() >= kMaxLine) {
        pending_ += '\n';
        ScanLines(pending_);
        pending_.clear();
      }
      return;
    }
    if (!pending_.empty()) {
      pending_.append(data.substr(0, first_nl + 1));
      ScanLines(pending_);
      pending_.clear();
      data.remove_prefix(first_nl + 1);
      continue;
    }
    const size_t last_nl = data.rfind('\n');
    ScanLines(data.substr(0, last_nl + 1));
    data.remove_prefix(last_nl + 1);
  }
}

namespace {

// Offset of the next "\r\n" at or after from, or npos.
size_t FindCrLf(std::string_view text, size_t from) {
  while (from < text.size()) {
    const void* cr = std::memchr(text.data() + from, '\r', text.size() - from);
    if (!cr) return std::string_view::npos;
    const size_t i = static_cast<size_t>(static_cast<const char*>(cr) - text.data());
    if (i + 1 < text.size() && text[i + 1] == '\n') return i;
    from = i + 1;
  }
  return std::string_view::npos;
}

}  // namespace

void ContentScanner::ScanLines(std::string_view text) {
  if (text.empty()) return;
  saw_line_ = true;
  size_t crlf = FindCrLf(text, 0);
  if (crlf == std::string_view::npos) {
    ScanNormalized(text);
    return;
  }
  // One CR before each LF belongs to the line terminator: copy the spans
  // between them.
  scratch_.clear();
  scratch_.reserve(text.size());
  size_t from = 0;
  while (crlf != std::string_view::npos) {
    scratch_.append(text.data() + from, crlf - from);
    from = crlf + 1;  // keep the '\n'
    crlf = FindCrLf(text, from);
  }
  scratch_.append(text.data() + from, text.size() - from);
  ScanNormalized(scratch_);
}

bool ContentScanner::OnCandidate(void* self, unsigned id, size_t end) {
  auto* s = static_cast<ContentScanner*>(self);
  const std::string_view t = s->hs_text_;
  if (end == 0 || end > t.size()) return true;
  const size_t last = end - 1;
  // A match of a line ends inside its line; one that ends past a newline
  // spans lines and is not one (the line's own match is reported too).
  if (t[last] == '\n') return true;
  const void* before = memrchr(t.data(), '\n', last);
  const size_t line_start =
      before ? static_cast<size_t>(static_cast<const char*>(before) - t.data()) + 1 : 0;
  const void* after = std::memchr(t.data() + last, '\n', t.size() - last);
  const size_t line_end =
      after ? static_cast<size_t>(static_cast<const char*>(after) - t.data()) : t.size();
  bool tested = false;
  bool confirmed = false;
  for (PlainState& p : s->plain_) {
    if (p.matched || p.check->prefilter_id != static_cast<int>(id)) continue;
    if (!tested) {
      if (p.last_line == line_start) return true;  // this line was already rejected
      tested = true;
      confirmed = RE2::PartialMatch(t.substr(line_start, line_end - line_start), *p.check->re);
    }
    p.last_line = line_start;
    if (confirmed) {
      p.matched = true;
      --s->pending_plain_;
      --s->pending_hs_;
    }
  }
  return s->pending_hs_ > 0;
}

bool ContentScanner::PrefilterPass(std::string_view text) {
  hs_text_ = text;
  for (PlainState& p : plain_)
    p.last_line = std::string_view::npos;
  return prefilter_->Scan(text, &ContentScanner::OnCandidate, this);
}

void ContentScanner::ScanNormalized(std::string_view text) {
  const bool prefiltered = pending_hs_ > 0 && PrefilterPass(text);
  for (PlainState& p : plain_) {
    if (p.matched) continue;
    if (prefiltered && p.check->prefilter_id >= 0) continue;
    if (NextMatchingLine(*p.check, text, 0) != std::string_view::npos) {
      p.matched = true;
      --pending_plain_;
      if (prefilter_ && p.check->prefilter_id >= 0) --pending_hs_;
    }
  }
  for (MacroalState& m : macroal_) {
    if (m.failed) continue;
    // The first line that breaks any check ends this search for the file.
    size_t fail_at = std::string_view::npos;
    int fail_check = -1;
    for (size_t i = 0; i < m.job->checks.size(); ++i) {
      const Check& c = *m.job->checks[i];
      size_t first_bad = std::string_view::npos;
      if (c.inverse) {
        first_bad = NextMatchingLine(c, text, 0);
      } else {
        size_t line = 0;
        while (line < text.size()) {
          const size_t hit = NextMatchingLine(c, text, line);
          if (hit != line) {
            first_bad = line;
            break;
          }
          line = text.find('\n', line) + 1;
        }
      }
      if (first_bad < fail_at) {
        fail_at = first_bad;
        fail_check = static_cast<int>(i);
      }
    }
    if (fail_check >= 0) {
      m.failed = true;
      m.failed_check = fail_check;
      --live_macroal_;
    }
  }
}

void ContentScanner::Finish() {
  if (!pending_.empty() && !Done()) {
    pending_ += '\n';
    ScanLines(pending_);
    pending_.clear();
  }
  for (const PlainState& p : plain_) {
    for (ContentJob* job : jobs_) {
      if (job->macroal) continue;
      for (size_t i = 0; i < job->checks.size(); ++i)
        if (job->checks[i] == p.check) job->recorded[i] = p.check->Records(p.matched);
    }
  }
  for (const MacroalState& m : macroal_) {
    ContentJob* job = m.job;
    if (m.failed) {
      // With mismatch, the check that failed is recorded ("some line breaks
      // the rule"); without it the file fails.
      const Check* c = job->checks[static_cast<size_t>(m.failed_check)];
      if (c->mismatch) job->recorded[static_cast<size_t>(m.failed_check)] = true;
    } else if (saw_line_) {
      for (size_t i = 0; i < job->checks.size(); ++i)
        job->recorded[i] = !job->checks[i]->mismatch;
    }
  }
}

}  // namespace mig::modules::file
