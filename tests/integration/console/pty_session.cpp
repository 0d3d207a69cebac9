#include "pty_session.h"

#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>

namespace mig::test {

std::string StripTerminal(const std::string& raw) {
  std::string out;
  for (size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '\x1b' && i + 1 < raw.size()) {
      if (raw[i + 1] == '[') {  // CSI: parameters then one final byte
        size_t j = i + 2;
        while (j < raw.size() && !(raw[j] >= 0x40 && raw[j] <= 0x7e))
          ++j;
        i = j;
      } else if (raw[i + 1] == ']') {  // OSC: up to BEL or ST
        size_t j = i + 2;
        while (j < raw.size() && raw[j] != '\a' && !(raw[j] == '\x1b' && j + 1 < raw.size()))
          ++j;
        i = j + (j < raw.size() && raw[j] == '\x1b' ? 1 : 0);
      } else {
        ++i;
      }
      continue;
    }
    if (c == '\r' || c == '\a' || c == '\b') continue;
    out += c;
  }
  return out;
}

size_t CountOf(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1))
    ++n;
  return n;
}

PtySession::PtySession(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
  struct winsize ws {};
  ws.ws_row = 50;
  ws.ws_col = 200;
  pid_ = forkpty(&fd_, nullptr, nullptr, &ws);
  if (pid_ == 0) {
    setenv("TERM", "xterm", 1);
    for (const auto& e : env) {
      const size_t eq = e.find('=');
      setenv(e.substr(0, eq).c_str(), e.substr(eq + 1).c_str(), 1);
    }
    std::vector<char*> args;
    for (const auto& a : argv)
      args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
}

PtySession::~PtySession() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (fd_ >= 0) close(fd_);
}

void PtySession::Settle(int quiet_ms) {
  for (int i = 0; i < 100; ++i) {
    const size_t n = raw_.size();
    Pump(quiet_ms);
    if (raw_.size() == n) break;
  }
}

void PtySession::Send(const std::string& keys) {
  // A person reads the prompt before typing: let the program finish
  // drawing (and libedit set up the terminal) first.
  Settle(150);
  // One key at a time with a pause, as typed: libedit reads key by key and
  // a burst could be taken as one escape sequence.
  for (char c : keys) {
    if (write(fd_, &c, 1) != 1) return;
    if (c != '\x1b' && c != '[') Pump(5);
  }
}

void PtySession::Pump(int timeout_ms) {
  struct pollfd p {
    fd_, POLLIN, 0
  };
  while (poll(&p, 1, timeout_ms) > 0) {
    char buf[4096];
    const ssize_t n = read(fd_, buf, sizeof buf);
    if (n <= 0) return;  // EIO once the program has exited
    raw_.append(buf, static_cast<size_t>(n));
    timeout_ms = 0;
  }
}

std::string PtySession::Screen() {
  Pump(0);
  return StripTerminal(raw_.substr(mark_));
}

std::string PtySession::All() const {
  return StripTerminal(raw_);
}

bool PtySession::WaitFor(const std::string& text, int timeout_ms) {
  return WaitForCount(text, 1, timeout_ms);
}

bool PtySession::WaitForCount(const std::string& text, size_t count, int timeout_ms) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < end) {
    if (CountOf(Screen(), text) >= count) return true;
    Pump(50);
  }
  return CountOf(Screen(), text) >= count;
}

int PtySession::Wait(int timeout_ms) {
  for (int i = 0; i < timeout_ms / 20; ++i) {
    Pump(0);
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      Pump(0);
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    usleep(20000);
  }
  return -1;
}

}  // namespace mig::test
