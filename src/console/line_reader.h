// Reading command lines from a person through libedit: emacs-style editing,
// a persistent history file and tab completion. Without a terminal (input
// from a pipe) lines are read plainly, so scripts can feed the console.
#pragma once

#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <vector>

// libedit's handles (histedit.h), kept out of this header.
struct editline;
struct history;

namespace mig::console {

class LineReader {
 public:
  // Returns the candidates that could replace the word being typed, given
  // the line up to the cursor (the word is the text after the last space).
  using Completer = std::function<std::vector<std::string>(const std::string& line)>;

  // history_path: where entries are loaded from and saved to after every
  // line; empty for no file.
  LineReader(const std::string& program, const std::string& history_path, FILE* in = stdin,
             FILE* out = stdout, FILE* err = stderr);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  void SetCompleter(Completer completer) { completer_ = std::move(completer); }

  // One line without its newline; nullopt at end of input (Ctrl-D). Lines
  // that are not blank go into the history.
  std::optional<std::string> ReadLine(const std::string& prompt);

  // Every history entry, oldest first.
  const std::vector<std::string>& History() const { return entries_; }

  // Completes the word before the cursor (bound to Tab). Public for libedit's
  // C callback.
  unsigned char Complete();
  const char* Prompt() const { return prompt_.c_str(); }

 private:
  void AddHistory(const std::string& line);

  struct ::editline* el_ = nullptr;
  struct ::history* hist_ = nullptr;
  FILE* out_;
  std::string history_path_;
  std::string prompt_;
  Completer completer_;
  std::vector<std::string> entries_;
};

// The longest prefix every candidate shares.
std::string CommonPrefix(const std::vector<std::string>& candidates);

}  // namespace mig::console
