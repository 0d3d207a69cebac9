// A real child process for integration tests: started with arguments, its
// output appended to a log file, stopped politely or killed.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <string>
#include <vector>

namespace mig::test {

class Process {
 public:
  // Starts argv[0] (a path) with argv; stdout and stderr go to log_path.
  Process(std::vector<std::string> argv, std::string log_path);
  ~Process();  // Kill()
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  bool running();
  pid_t pid() const { return pid_; }
  // Sends sig and waits up to timeout_ms; SIGKILL after that. Returns the
  // exit status as from waitpid (or -1 when it was not running).
  int Stop(int sig = SIGTERM, int timeout_ms = 10000);
  void Kill() { Stop(SIGKILL, 5000); }
  // Starts it again with the same arguments (after Stop/Kill).
  void Restart();
  std::string Log() const;

 private:
  void Spawn();
  std::vector<std::string> argv_;
  std::string log_path_;
  pid_t pid_ = -1;
};

}  // namespace mig::test
