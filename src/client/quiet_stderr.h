// librnp writes diagnostics straight to stderr (e.g. "Wrong mpi bit count"
// for Go-made signatures, whose numbers are not minimally encoded), ignoring
// the FFI log descriptor. The command line tools report errors themselves,
// so while an object of this class lives, file descriptor 2 goes to
// /dev/null. Single-threaded tools only: it changes the whole process.
#pragma once

namespace mig::client {

class QuietStderr {
 public:
  QuietStderr();
  ~QuietStderr();
  QuietStderr(const QuietStderr&) = delete;
  QuietStderr& operator=(const QuietStderr&) = delete;

 private:
  int saved_ = -1;
};

}  // namespace mig::client
