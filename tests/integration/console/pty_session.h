// A program running in a pseudo-terminal, driven like a person at a
// keyboard: keys go in, and the text it drew (escape sequences removed)
// comes out for the test to read.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace mig::test {

class PtySession {
 public:
  // argv[0] is a path; env entries "NAME=value" are added to the
  // environment. The terminal is 200 columns by 50 rows, TERM=xterm.
  PtySession(const std::vector<std::string>& argv, const std::vector<std::string>& env);
  ~PtySession();
  PtySession(const PtySession&) = delete;
  PtySession& operator=(const PtySession&) = delete;

  bool started() const { return pid_ > 0; }
  // Reads until the program has drawn nothing for quiet_ms.
  void Settle(int quiet_ms);
  // Types keys (after Settle(150)) ("\r" is Enter, "\t" Tab, "\x1b[A" the up arrow, "\x04" Ctrl-D).
  void Send(const std::string& keys);
  // Everything shown since the last Mark(), escape sequences removed.
  std::string Screen();
  // Reads until Screen() contains text; false after timeout_ms.
  bool WaitFor(const std::string& text, int timeout_ms = 20000);
  // Reads until the text appears `count` times since the mark.
  bool WaitForCount(const std::string& text, size_t count, int timeout_ms = 20000);
  // Later Screen() and WaitFor() only see what comes after this point.
  void Mark() { mark_ = raw_.size(); }
  // Everything shown since the start (for failure messages).
  std::string All() const;
  // Waits for the program to exit; its exit status or -1.
  int Wait(int timeout_ms = 10000);

 private:
  void Pump(int timeout_ms);
  int fd_ = -1;
  pid_t pid_ = -1;
  std::string raw_;
  size_t mark_ = 0;
};

// Terminal output with CSI/OSC sequences, other escapes, BEL and carriage
// returns removed.
std::string StripTerminal(const std::string& raw);

// How many times needle occurs in hay.
size_t CountOf(const std::string& hay, const std::string& needle);

}  // namespace mig::test
