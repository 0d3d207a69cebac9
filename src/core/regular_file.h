// Reading a whole regular file with a size bound, for files whose size a
// caller must not trust (an upload's target, a console asset, a flag's
// file). The caller opens the descriptor (its flags are its policy:
// O_NOFOLLOW, O_NONBLOCK...) and words the failure.
#pragma once

#include <cstddef>
#include <string>

namespace mig {

// Closes its descriptor when it goes out of scope.
class UniqueFd {
 public:
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd();
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

struct RegularFileRead {
  enum class Outcome {
    kOk,          // content holds the whole file
    kNotRegular,  // fstat failed, or a directory, FIFO, device...
    kTooLarge,    // its size was over the bound before reading
    kGrew,        // it grew past the bound while it was read
    kReadError,   // read(2) failed: error holds errno
  };
  Outcome outcome = Outcome::kOk;
  int error = 0;
  std::string content;
};

// Reads all of fd, which must be a regular file of at most max_bytes.
RegularFileRead ReadRegularFile(int fd, size_t max_bytes);

}  // namespace mig
