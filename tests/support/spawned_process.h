// A real child process for tests that act on processes: started with
// execv, waited for until the exec took place (its /proc/PID/exe is the
// program), killed and reaped when the object goes away.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace mig::test {

class SpawnedProcess {
 public:
  // argv[0] is the program's path. uid: run as that user (the test must be
  // root), -1 to keep the test's. expect_exe: what /proc/PID/exe must show
  // before the constructor returns (argv[0] when empty; for `sh -c 'exec X'`
  // it is X).
  explicit SpawnedProcess(const std::vector<std::string>& argv, int uid = -1,
                          const std::string& expect_exe = "");
  ~SpawnedProcess();
  SpawnedProcess(const SpawnedProcess&) = delete;
  SpawnedProcess& operator=(const SpawnedProcess&) = delete;

  pid_t pid() const { return pid_; }
  // Whether the exec was seen within 5 s.
  bool started() const { return started_; }

  // Waits up to timeout_ms for the process to end and reaps it: its wait
  // status, or -1 when it is still running.
  int WaitExit(int timeout_ms);
  // The state letter of /proc/PID/stat ('S', 'T', 'Z'...), '?' when gone.
  char State() const;

 private:
  pid_t pid_ = -1;
  bool started_ = false;
  bool reaped_ = false;
};

// A copy of /bin/sleep at path, with the path appended so that its sha256 is
// its own: -name, -exe and -sha256 then select only the test's processes.
void CopySleep(const std::string& path);

}  // namespace mig::test
