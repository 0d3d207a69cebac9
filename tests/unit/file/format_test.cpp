// Go text formats, paths, digests and the result printer.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "modules/file/engine/checks.h"
#include "modules/file/engine/hasher.h"
#include "modules/file/path_util.h"
#include "modules/file/printer.h"
#include "modules/go_format.h"
#include "modules/result_json.h"

namespace mig::modules {
namespace {

TEST(GoFormat, Durations) {
  EXPECT_EQ(FormatGoDuration(0), "0s");
  EXPECT_EQ(FormatGoDuration(999), "999ns");
  EXPECT_EQ(FormatGoDuration(1500), "1.5\u00b5s");
  EXPECT_EQ(FormatGoDuration(2439374), "2.439374ms");
  EXPECT_EQ(FormatGoDuration(4461753288), "4.461753288s");
  EXPECT_EQ(FormatGoDuration(62500000000), "1m2.5s");
  EXPECT_EQ(FormatGoDuration(3600500000000), "1h0m0.5s");
  EXPECT_EQ(FormatGoDuration(-1500), "-1.5\u00b5s");
}

TEST(GoFormat, Times) {
  EXPECT_EQ(FormatGoTime(1432912061, 870377000), "2015-05-29 15:07:41.870377 +0000 UTC");
  EXPECT_EQ(FormatGoTime(1432912061, 0), "2015-05-29 15:07:41 +0000 UTC");
}

TEST(GoFormat, Modes) {
  EXPECT_EQ(FormatGoMode(S_IFREG | 0644), "-rw-r--r--");
  EXPECT_EQ(FormatGoMode(S_IFDIR | 0755), "drwxr-xr-x");
  EXPECT_EQ(FormatGoMode(S_IFREG | 04755), "urwxr-xr-x");
  EXPECT_EQ(FormatGoMode(S_IFREG | 03711), "gtrwx--x--x");
  EXPECT_EQ(FormatGoMode(S_IFDIR | 01777), "dtrwxrwxrwx");
  EXPECT_EQ(FormatGoMode(S_IFCHR | 0666), "Dcrw-rw-rw-");
  EXPECT_EQ(FormatGoMode(S_IFBLK | 0660), "Drw-rw----");
  EXPECT_EQ(FormatGoMode(S_IFIFO | 0644), "prw-r--r--");
  EXPECT_EQ(FormatGoMode(S_IFSOCK | 0755), "Srwxr-xr-x");
  EXPECT_EQ(FormatGoMode(S_IFLNK | 0777), "Lrwxrwxrwx");
}

TEST(GoFormat, JsonSafeKeepsUtf8AndEscapesBadBytes) {
  EXPECT_EQ(JsonSafe("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(JsonSafe("a\xff"
                     "b"),
            "a\\xffb");
  EXPECT_EQ(JsonSafe("\xc3"), "\\xc3");
  EXPECT_EQ(JsonSafe("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // surrogate
  EXPECT_EQ(ErrnoText(2), "no such file or directory");
}

TEST(PathUtil, CleanAndScope) {
  using namespace file;
  EXPECT_EQ(CleanPath("/etc/"), "/etc");
  EXPECT_EQ(CleanPath("./x"), "x");
  EXPECT_EQ(CleanPath("a//b/../c"), "a/c");
  EXPECT_EQ(CleanPath(""), ".");
  EXPECT_EQ(CleanPath("/.."), "/");
  EXPECT_EQ(CleanPath("../a"), "../a");
  EXPECT_EQ(DirName("/a/b"), "/a");
  EXPECT_EQ(DirName("/a"), "/");
  EXPECT_EQ(DirName("a"), ".");
  int levels = -1;
  EXPECT_TRUE(IsAncestorOrSelf("/a/foo", "/a/foo/x/y", &levels));
  EXPECT_EQ(levels, 2);
  EXPECT_FALSE(IsAncestorOrSelf("/a/foo", "/a/foobar", &levels));
  EXPECT_TRUE(IsAncestorOrSelf("/", "/etc", &levels));
  EXPECT_EQ(levels, 1);
  EXPECT_TRUE(IsAncestorOrSelf(".", "x/y", &levels));
  EXPECT_EQ(levels, 2);
}

TEST(Hashes, KnownDigests) {
  using namespace file;
  EXPECT_EQ(HexDigest(HashAlgo::kMd5, ""), "D41D8CD98F00B204E9800998ECF8427E");
  EXPECT_EQ(HexDigest(HashAlgo::kSha3_256, ""),
            "A7FFC6F8BF1ED76651C14756A061D662F580FF4DE43B49FA82D80A4B80F8434A");
  MultiHasher h(Bit(HashAlgo::kSha1) | Bit(HashAlgo::kSha256));
  h.Update("ab");
  h.Update("c");
  h.Finish();
  EXPECT_EQ(h.Hex(HashAlgo::kSha1), "A9993E364706816ABA3E25717850C26C9CD0D89D");
  EXPECT_EQ(h.Hex(HashAlgo::kSha256),
            "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD");
  EXPECT_TRUE(h.Hex(HashAlgo::kMd5).empty());  // not asked for, not computed
}

TEST(FilePrinter, SpecLines) {
  auto r = ModuleResultFromJson(
      R"({"foundanything":true,"success":true,"elements":{"s":[{"file":"/tmp/e/foo/f1","search":{"paths":["/tmp/e/foo"],"names":["f1"],"options":{"maxdepth":0,"maxerrors":0,"matchall":false,"macroal":false,"mismatch":null,"matchlimit":0}},"fileinfo":{"size":11,"mode":"-rw-r--r--","lastmodified":"2026-11-22 01:37:36.012557538 +0000 UTC"}}],
          "t":[{"file":"","search":{"paths":["/x"],"options":{"matchall":true}},"fileinfo":{"size":0,"mode":"","lastmodified":""}},
               {"file":"/x/y","search":{"paths":["/x"],"options":{"matchall":true}},"fileinfo":{"size":3,"mode":"-rw-------","lastmodified":"t","sha256":"ABCD"}}]},
          "statistics":{"filescount":1,"openfailed":0,"totalhits":1,"exectime":"386.364µs"},"errors":["e1"]})");
  ASSERT_TRUE(r.ok());
  const auto all = file::PrintResult(*r, false);
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all[0],
            "/tmp/e/foo/f1 [lastmodified:2026-11-22 01:37:36.012557538 +0000 UTC, mode:-rw-r--r--, "
            "size:11] in search 's' on checks name='f1'");
  EXPECT_EQ(all[1], "0 match found in search 't'");
  EXPECT_EQ(all[2], "/x/y [lastmodified:t, mode:-rw-------, size:3, sha256:abcd] in search 't'");
  EXPECT_EQ(all[3], "e1");
  EXPECT_EQ(all[4],
            "Statistics: 1 files checked, 0 failed to open, 1 matched, ran in 386.364\u00b5s.");
  EXPECT_EQ(file::PrintResult(*r, true).size(), 2u);
}

}  // namespace
}  // namespace mig::modules
