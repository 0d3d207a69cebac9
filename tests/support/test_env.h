// Small helpers shared by the test suites: temporary directories, free
// loopback ports, running a shell command and capturing its output.
#pragma once

#include <string>

namespace mig::test {

// A fresh directory under $TMPDIR (or /tmp), removed with its contents when
// the object goes away.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "mig-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // path() + "/" + name
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// A TCP port on 127.0.0.1 that was free when asked (bound then released).
int FreeLoopbackPort();

struct CommandOutput {
  int exit_code = -1;  // -1 when killed by a signal
  std::string output;  // stdout and stderr interleaved
};

// Runs `/bin/sh -c command`, waits, returns the exit code and its output.
CommandOutput RunShell(const std::string& command);

// Writes content to path, replacing it; aborts the test binary on failure.
void WriteFile(const std::string& path, const std::string& content);
std::string ReadFile(const std::string& path);

// tests/data/mig-examples: actions signed by MIG's own code, with MIG's
// verdicts (copied from the specification's examples; the suite reads nothing
// outside the repository).
std::string MigExamplesDir();

// The repository and the build tree these tests were built from. Only
// test_env.cpp sees the paths, so every other test file compiles the same in
// any clone (and a compiler cache shares it between clones).
std::string SourceDir();
std::string BinaryDir();

}  // namespace mig::test
