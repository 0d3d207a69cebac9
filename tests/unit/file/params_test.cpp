// Parameter decoding and validation (test-vectors.md 2.5, file.md 2.4).
#include <gtest/gtest.h>

#include "file_tree.h"
#include "modules/file/cli.h"
#include "modules/file/params.h"
#include "modules/registry.h"

namespace mig::modules::file {
namespace {

Status Validate(const Json& params) {
  auto p = DecodeParameters(params);
  if (!p) return p.status();
  return ValidateParameters(*p);
}

Json One(Json search) {
  return Json{{"searches", {{"s1", std::move(search)}}}};
}

TEST(FileParams, P1EmptySearchesIsValidAndRunsNothing) {
  EXPECT_TRUE(Validate(Json{{"searches", Json::object()}}).ok());
  const ModuleResult r = test::RunFileParameters(Json{{"searches", Json::object()}});
  EXPECT_TRUE(r.success);
  EXPECT_EQ(r.elements, OrderedJson::object());
}

TEST(FileParams, P2MissingPathsFails) {
  const Status s = Validate(One({{"names", {"x"}}}));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("at least one search path"), std::string::npos);
}

TEST(FileParams, P3NonexistentPathIsValid) {
  EXPECT_TRUE(Validate(One({{"paths", {"/testing"}}})).ok());
}

TEST(FileParams, P5BadSizesFail) {
  for (const char* size : {"BADSIZE", "<BADSIZEg", ">>>>BADSIZEm", "m", "<", "k", ">", "<m", ""}) {
    const Status s = Validate(One({{"paths", {"/tmp"}}, {"sizes", {size}}}));
    EXPECT_FALSE(s.ok()) << size;
  }
  for (const char* size : {"0", "<10k", ">1m", "1024", "<3g", ">1t"})
    EXPECT_TRUE(Validate(One({{"paths", {"/tmp"}}, {"sizes", {size}}})).ok()) << size;
}

TEST(FileParams, P6BadMtimesFail) {
  for (const char* m : {"BADMTIME", "<d", "2d", "<2s", ">", "<-1d"})
    EXPECT_FALSE(Validate(One({{"paths", {"/tmp"}}, {"mtimes", {m}}})).ok()) << m;
  for (const char* m : {"<2d", ">30m", "<1h"})
    EXPECT_TRUE(Validate(One({{"paths", {"/tmp"}}, {"mtimes", {m}}})).ok()) << m;
}

TEST(FileParams, BadRegexNamesTheValueAndReason) {
  const Status s = Validate(One({{"paths", {"/tmp"}}, {"contents", {"(unclosed"}}}));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("(unclosed"), std::string::npos);
  EXPECT_NE(s.message().find("missing )"), std::string::npos);
  EXPECT_FALSE(Validate(One({{"paths", {"/tmp"}}, {"names", {"!("}}})).ok());
  EXPECT_TRUE(Validate(One({{"paths", {"/tmp"}}, {"names", {"!"}}})).ok());  // literal '!'
  EXPECT_FALSE(Validate(One({{"paths", {"/tmp"}}, {"modes", {""}}})).ok());
  EXPECT_FALSE(Validate(One({{"paths", {"/tmp"}}, {"names", {"(a)\\1"}}})).ok());  // backref
  EXPECT_TRUE(Validate(One({{"paths", {"/tmp"}}, {"names", {"\\pL(?P<n>x)"}}})).ok());
}

TEST(FileParams, HashLengthsAreChecked) {
  EXPECT_FALSE(Validate(One({{"paths", {"/tmp"}}, {"sha2", {std::string(63, 'a')}}})).ok());
  EXPECT_FALSE(Validate(One({{"paths", {"/tmp"}}, {"sha3", {std::string(40, 'a')}}})).ok());
  EXPECT_FALSE(Validate(One({{"paths", {"/tmp"}}, {"md5", {std::string(31, 'a') + "g"}}})).ok());
  for (size_t n : {56, 64, 96, 128})
    EXPECT_TRUE(Validate(One({{"paths", {"/tmp"}}, {"sha3", {std::string(n, 'A')}}})).ok());
}

TEST(FileParams, MismatchAndLabelRules) {
  EXPECT_FALSE(Validate(One({{"paths", {"/tmp"}}, {"options", {{"mismatch", {"names"}}}}})).ok());
  EXPECT_FALSE(Validate(Json{{"searches", {{"", {{"paths", {"/tmp"}}}}}}}).ok());
  EXPECT_FALSE(Validate(Json{{"searches", {{std::string(65, 'a'), {{"paths", {"/tmp"}}}}}}}).ok());
  EXPECT_TRUE(Validate(Json{{"searches", {{"a b*", {{"paths", {"/tmp"}}}}}}}).ok());
}

TEST(FileParams, GoDecodingRules) {
  // Wrong type: an error naming the field.
  auto p = DecodeParameters(One({{"paths", "/tmp"}}));
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().find("search.paths"), std::string::npos);
  EXPECT_FALSE(DecodeParameters(One({{"paths", {"/tmp"}}, {"options", {{"maxdepth", "3"}}}})).ok());
  EXPECT_FALSE(DecodeParameters(Json::array()).ok());
  // Case-insensitive keys, unknown keys ignored, null is the zero value.
  p = DecodeParameters(One({{"Paths", {"/etc/"}}, {"regexes", {"x"}}, {"names", nullptr}}));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->searches[0].paths, std::vector<std::string>{"/etc"});
  EXPECT_TRUE(p->searches[0].names.empty());
  EXPECT_FALSE(ValidateParameters(
                   *DecodeParameters(One({{"paths", {"/tmp"}}, {"options", {{"maxdepth", -1}}}})))
                   .ok());
}

TEST(FileParams, BadParametersGiveFailureShapeAndReadNothing) {
  const ModuleResult r = test::RunFileParameters(One({{"paths", {"/"}}, {"contents", {"("}}}));
  EXPECT_FALSE(r.success);
  EXPECT_EQ(r.elements, OrderedJson::object());
  EXPECT_EQ(r.statistics.dump(), R"({"filescount":0,"openfailed":0,"totalhits":0,"exectime":""})");
  ASSERT_EQ(r.errors.size(), 1u);
}

TEST(FileCli, P4AllFlagsParse) {
  const std::vector<std::string> args = {
      "-path",      "/a/path",
      "-name",      "^.*testfile.*$",
      "-content",   "content match",
      "-size",      "<10k",
      "-size",      ">1",
      "-size",      "<100000k",
      "-mode",      "-rw-r--r--",
      "-mtime",     "<1h",
      "-md5",       "e499c1912bd9af4f7e8ccaf27f7b04d2",
      "-sha1",      "d7bbc3dd7adf6e347c93a4c8b9bfb8ef4748c0fb",
      "-sha2",      "4d8ef27c4415d71cbbfad1eaa97d6f2a3ddacc9708b66efbb726133b9fd3d79a",
      "-sha3",      "a7ba1e66174848ecea143b612f22168b006979e3827e09f0ae6395e8",
      "-matchany",  "-matchall",
      "-macroal",   "-mismatch",
      "content",    "-matchlimit",
      "10",         "-maxdepth",
      "2",          "-maxerrors",
      "31",         "-verbose",
      "-decompress"};
  auto p = ParseFileArgs(args);
  ASSERT_TRUE(p.ok()) << p.error();
  ASSERT_TRUE(ValidateParameters(*p).ok());
  const Search& s = p->searches[0];
  EXPECT_EQ(s.label, "s1");
  EXPECT_FALSE(s.options.matchall);  // -matchany wins
  EXPECT_EQ(s.sizes.size(), 3u);
  EXPECT_EQ(s.options.maxdepth, 2);
  EXPECT_EQ(s.options.maxerrors, 31);
  EXPECT_TRUE(s.options.decompress);
}

TEST(FileCli, SpecExampleProducesSpecJson) {
  auto p =
      ParseFileArgs({"-path", "/etc", "-name", "^passwd$", "-content", "root", "-size", "<10k"});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(ParametersToJson(*p).dump(),
            R"({"searches":{"s1":{"paths":["/etc"],"contents":["root"],"names":["^passwd$"],)"
            R"("sizes":["<10k"],"options":{"maxdepth":1000,"maxerrors":30,"matchall":true,)"
            R"("macroal":false,"mismatch":null,"matchlimit":1000}}}})");
  p = ParseFileArgs({"--path=/home/", "-mismatch=content", "-matchall=false", "-returnsha256"});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->searches[0].paths[0], "/home");
  EXPECT_FALSE(p->searches[0].options.matchall);
  EXPECT_TRUE(p->searches[0].options.returnsha256);
}

TEST(FileCli, BadFlagsAreErrors) {
  EXPECT_FALSE(ParseFileArgs({"-nosuch"}).ok());
  EXPECT_FALSE(ParseFileArgs({"-path"}).ok());
  EXPECT_FALSE(ParseFileArgs({"-maxdepth", "three"}).ok());
  EXPECT_FALSE(ParseFileArgs({"-matchall=maybe"}).ok());
  // Parsing stops at the first non-flag.
  auto p = ParseFileArgs({"-path", "/a", "stop", "-nosuch"});
  ASSERT_TRUE(p.ok());
  auto module = CreateModule("file");
  EXPECT_FALSE(module->ParametersFromArgs({"-path", "/a", "-size", "k"}).ok());
}

}  // namespace
}  // namespace mig::modules::file
