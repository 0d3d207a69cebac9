#include "core/regular_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <string>

#include "test_env.h"

namespace mig {
namespace {

using Outcome = RegularFileRead::Outcome;
using test::TempDir;

RegularFileRead ReadPath(const std::string& path, size_t max_bytes) {
  const UniqueFd fd(open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  EXPECT_GE(fd.get(), 0) << path;
  return ReadRegularFile(fd.get(), max_bytes);
}

void Write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

TEST(RegularFile, ReadsAWholeFileUpToTheBound) {
  TempDir dir;
  const std::string big(200000, 'x');  // several read(2) calls
  Write(dir.Sub("f"), big);
  auto r = ReadPath(dir.Sub("f"), big.size());
  EXPECT_EQ(r.outcome, Outcome::kOk);
  EXPECT_EQ(r.content, big);
}

TEST(RegularFile, OneByteOverTheBoundIsTooLargeAndNothingIsRead) {
  TempDir dir;
  Write(dir.Sub("f"), "12345");
  auto r = ReadPath(dir.Sub("f"), 4);
  EXPECT_EQ(r.outcome, Outcome::kTooLarge);
  EXPECT_TRUE(r.content.empty());
}

TEST(RegularFile, DirectoriesAndFifosAreNotRegular) {
  TempDir dir;
  EXPECT_EQ(ReadPath(dir.path(), 100).outcome, Outcome::kNotRegular);
  ASSERT_EQ(mkfifo(dir.Sub("fifo").c_str(), 0600), 0);
  // Opened without blocking, read without waiting for a writer.
  EXPECT_EQ(ReadPath(dir.Sub("fifo"), 100).outcome, Outcome::kNotRegular);
}

TEST(RegularFile, ABadDescriptorIsNotRegular) {
  EXPECT_EQ(ReadRegularFile(-1, 100).outcome, Outcome::kNotRegular);
}

}  // namespace
}  // namespace mig
