// The single read of a file: the stat-free path for entries the directory
// listing already vouches for must give the same bytes as the checked path.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "modules/file/engine/file_reader.h"
#include "modules/file/engine/filesystem_kind.h"
#include "modules/file/engine/hasher.h"
#include "test_env.h"

namespace mig::test {
namespace {

using modules::file::FileKind;
using modules::file::ReadFileOnce;
using modules::file::ReadOutcome;

struct Read {
  ReadOutcome outcome;
  std::string bytes;
};

Read ReadAll(int dirfd, const char* name, FileKind kind) {
  Read r;
  r.outcome = ReadFileOnce(
      dirfd, name, false,
      [&](std::string_view d) {
        r.bytes.append(d);
        return true;
      },
      kind);
  return r;
}

class Reader : public ::testing::Test {
 protected:
  void SetUp() override { dirfd_ = open(tmp_.path().c_str(), O_RDONLY | O_DIRECTORY); }
  void TearDown() override { close(dirfd_); }
  TempDir tmp_{"mig-file-reader"};
  int dirfd_ = -1;
};

TEST_F(Reader, BothPathsGiveEveryByteAtBufferBoundaries) {
  constexpr size_t kBuffer = size_t{128} << 10;
  for (size_t size : {size_t{0}, size_t{1}, kBuffer - 1, kBuffer, kBuffer + 1, 4 * kBuffer,
                      4 * kBuffer + 7, 9 * kBuffer}) {
    std::string content(size, '\0');
    for (size_t i = 0; i < size; ++i)
      content[i] = static_cast<char>('a' + (i * 7 + i / 251) % 26);
    WriteFile(tmp_.Sub("f"), content);
    for (FileKind kind : {FileKind::kUnverified, FileKind::kRegularOnDisk}) {
      const Read r = ReadAll(dirfd_, "f", kind);
      EXPECT_EQ(r.outcome.kind, ReadOutcome::kOk) << size << ": " << r.outcome.error;
      EXPECT_EQ(r.bytes.size(), size);
      EXPECT_TRUE(r.bytes == content) << "size " << size;
    }
  }
}

TEST_F(Reader, TrustedEntryThatBecameALinkIsReadThroughItsTarget) {
  WriteFile(tmp_.Sub("target"), "through the link\n");
  ASSERT_EQ(symlink("target", tmp_.Sub("entry").c_str()), 0);
  const Read r = ReadAll(dirfd_, "entry", FileKind::kRegularOnDisk);
  EXPECT_EQ(r.outcome.kind, ReadOutcome::kOk) << r.outcome.error;
  EXPECT_EQ(r.bytes, "through the link\n");
}

TEST_F(Reader, TrustedEntryThatBecameADirectoryIsNotRegular) {
  ASSERT_EQ(mkdir(tmp_.Sub("d").c_str(), 0755), 0);
  EXPECT_EQ(ReadAll(dirfd_, "d", FileKind::kRegularOnDisk).outcome.kind, ReadOutcome::kNotRegular);
  EXPECT_EQ(ReadAll(dirfd_, "d", FileKind::kUnverified).outcome.kind, ReadOutcome::kNotRegular);
}

TEST_F(Reader, MissingFileIsAnOpenFailure) {
  const Read r = ReadAll(dirfd_, "absent", FileKind::kRegularOnDisk);
  EXPECT_EQ(r.outcome.kind, ReadOutcome::kOpenFailed);
  EXPECT_NE(r.outcome.error.find("no such file"), std::string::npos) << r.outcome.error;
}

TEST(FilesystemKind, PseudoFilesystemsAreNotTrusted) {
  for (const char* dir : {"/proc", "/proc/self", "/sys"}) {
    const int fd = open(dir, O_RDONLY | O_DIRECTORY);
    ASSERT_GE(fd, 0) << dir;
    EXPECT_FALSE(modules::file::HasHonestEntries(fd)) << dir;
    close(fd);
  }
}

TEST(FilesystemKind, TheTestsTemporaryDirectoryIsTrusted) {
  // The suite's temporary directories are on a local disk or tmpfs.
  TempDir tmp("mig-fs-kind");
  const int fd = open(tmp.path().c_str(), O_RDONLY | O_DIRECTORY);
  ASSERT_GE(fd, 0);
  EXPECT_TRUE(modules::file::HasHonestEntries(fd));
  close(fd);
}

}  // namespace
}  // namespace mig::test
