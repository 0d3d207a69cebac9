#include "console/line_reader.h"

#include <histedit.h>

#include <algorithm>

namespace mig::console {
namespace {

constexpr int kHistorySize = 1000;

char* PromptOf(EditLine* el) {
  void* self = nullptr;
  el_get(el, EL_CLIENTDATA, &self);
  return const_cast<char*>(static_cast<LineReader*>(self)->Prompt());
}

unsigned char CompleteOf(EditLine* el, int /*ch*/) {
  void* self = nullptr;
  el_get(el, EL_CLIENTDATA, &self);
  return static_cast<LineReader*>(self)->Complete();
}

}  // namespace

std::string CommonPrefix(const std::vector<std::string>& candidates) {
  if (candidates.empty()) return "";
  std::string prefix = candidates[0];
  for (const auto& c : candidates) {
    size_t n = 0;
    while (n < prefix.size() && n < c.size() && prefix[n] == c[n])
      ++n;
    prefix.resize(n);
  }
  return prefix;
}

LineReader::LineReader(const std::string& program, const std::string& history_path, FILE* in,
                       FILE* out, FILE* err)
    : out_(out), history_path_(history_path) {
  HistEvent ev;
  hist_ = history_init();
  history(hist_, &ev, H_SETSIZE, kHistorySize);
  history(hist_, &ev, H_SETUNIQUE, 1);  // repeating a line does not repeat the entry
  if (!history_path_.empty() && history(hist_, &ev, H_LOAD, history_path_.c_str()) >= 0) {
    // libedit walks from the newest entry; keep ours oldest first.
    for (int r = history(hist_, &ev, H_LAST); r >= 0; r = history(hist_, &ev, H_PREV))
      entries_.emplace_back(ev.str);
    for (auto& e : entries_)
      if (!e.empty() && e.back() == '\n') e.pop_back();
  }
  el_ = el_init(program.c_str(), in, out, err);
  el_set(el_, EL_CLIENTDATA, this);
  el_set(el_, EL_EDITOR, "emacs");
  el_set(el_, EL_SIGNAL, 1);  // restore the terminal and redraw on signals and resizes
  el_set(el_, EL_PROMPT, &PromptOf);
  el_set(el_, EL_HIST, history, hist_);
  el_set(el_, EL_ADDFN, "mig-complete", "complete a console command", &CompleteOf);
  el_set(el_, EL_BIND, "^I", "mig-complete", nullptr);
  el_source(el_, nullptr);  // the user's ~/.editrc, as every libedit program does
}

LineReader::~LineReader() {
  if (el_) el_end(el_);
  if (hist_) history_end(hist_);
}

std::optional<std::string> LineReader::ReadLine(const std::string& prompt) {
  prompt_ = prompt;
  int count = 0;
  const char* raw = el_gets(el_, &count);
  if (!raw || count <= 0) {
    fputc('\n', out_);  // leave the shell prompt on its own line after Ctrl-D
    fflush(out_);
    return std::nullopt;
  }
  std::string line(raw, static_cast<size_t>(count));
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
    line.pop_back();
  if (line.find_first_not_of(" \t") != std::string::npos) AddHistory(line);
  return line;
}

void LineReader::AddHistory(const std::string& line) {
  HistEvent ev;
  history(hist_, &ev, H_ENTER, line.c_str());
  if (entries_.empty() || entries_.back() != line) entries_.push_back(line);
  if (entries_.size() > static_cast<size_t>(kHistorySize)) entries_.erase(entries_.begin());
  // Saved at once: a console killed by its terminal keeps what was typed.
  if (!history_path_.empty()) history(hist_, &ev, H_SAVE, history_path_.c_str());
}

unsigned char LineReader::Complete() {
  if (!completer_) return CC_ERROR;
  const LineInfo* li = el_line(el_);
  const std::string before(li->buffer, li->cursor);
  const size_t start =
      before.find_last_of(" \t") == std::string::npos ? 0 : before.find_last_of(" \t") + 1;
  const std::string word = before.substr(start);
  std::vector<std::string> matches;
  for (auto& c : completer_(before))
    if (c.compare(0, word.size(), word) == 0) matches.push_back(std::move(c));
  std::sort(matches.begin(), matches.end());
  matches.erase(std::unique(matches.begin(), matches.end()), matches.end());
  if (matches.empty()) return CC_ERROR;  // libedit beeps
  std::string insert = CommonPrefix(matches).substr(word.size());
  if (matches.size() == 1) {
    // A finished word gets its space, unless it asks for a value ("key=").
    if (insert.empty() || insert.back() != '=') insert += ' ';
    el_insertstr(el_, insert.c_str());
    return CC_REFRESH;
  }
  if (!insert.empty()) {
    el_insertstr(el_, insert.c_str());
    return CC_REFRESH;
  }
  // Nothing more in common: show the choices under the line, then redraw it.
  fputc('\n', out_);
  for (const auto& m : matches)
    fprintf(out_, "%s  ", m.c_str());
  fputc('\n', out_);
  fflush(out_);
  return CC_REDISPLAY;
}

}  // namespace mig::console
