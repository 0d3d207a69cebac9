// Hostile documents and hostile hosts: every case ends with a clear error or
// a bounded run, never a crash or a hang.
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>

#include "core/gojson.h"
#include "modules/scribe/params.h"
#include "scribe_fixture.h"

namespace mig::modules::scribe {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

class Attacker : public ::testing::Test {
 protected:
  void SetUp() override { testing::WriteFileFixtures(dir_.path()); }
  mig::test::TempDir dir_{"scribe-attacker"};
};

TEST_F(Attacker, ImportChainLoopIsAnErrorNotAHang) {
  // "loop" imports itself from the same directory: endless in MIG.
  const auto start = Clock::now();
  auto e = testing::Evaluate(testing::WithRoot(R"J({"objects":[
      {"object":"root","filecontent":{"path":"@ROOT@/import-chain","file":"testfile0","expression":"var = \\((\\S+)","import-chain":["loop"]}},
      {"object":"loop","filecontent":{"path":"${chain_root}","file":"testfile0","expression":"var = \\((\\S+)","import-chain":["loop"]}}],
      "tests":[{"test":"t","object":"root"}]})J",
                                               dir_.path()));
  EXPECT_LT(SecondsSince(start), 10.0);
  ASSERT_TRUE(e.by_id["t"].iserror);
  EXPECT_NE(e.by_id["t"].error.find("import chains nested deeper than"), std::string::npos);
}

TEST_F(Attacker, ImportChainFanOutIsBounded) {
  // Two chain entries per level, each importing both again: 2^depth.
  PrepareLimits limits;
  limits.max_chain_runs = 500;
  auto e = testing::Evaluate(testing::WithRoot(R"J({"objects":[
      {"object":"root","filecontent":{"path":"@ROOT@/import-chain","file":"testfile1","expression":"(minor)","import-chain":["a","b"]}},
      {"object":"a","filecontent":{"path":"${chain_root}","file":"testfile1","expression":"(minor)","import-chain":["a","b"]}},
      {"object":"b","filecontent":{"path":"${chain_root}","file":"testfile1","expression":"(minor)","import-chain":["a","b"]}}],
      "tests":[{"test":"t","object":"root"}]})J",
                                               dir_.path()),
                             {}, false, limits);
  ASSERT_TRUE(e.by_id["t"].iserror);
  EXPECT_NE(e.by_id["t"].error.find("import chains"), std::string::npos) << e.by_id["t"].error;
}

TEST_F(Attacker, CatastrophicRegexesRunInLinearTime) {
  // (a+)+$ and friends take exponential time in backtracking engines.
  std::string line(4000, 'a');  // under 4096: one line, not cut
  line += "!";
  mig::test::WriteFile(dir_.Sub("evil.txt"), line + "\n" + line + "\n");
  const auto start = Clock::now();
  auto e = testing::Evaluate(testing::WithRoot(R"J({"objects":[
      {"object":"f","filecontent":{"path":"@ROOT@","file":"^evil\\.txt$","expression":"^((a+)+)$"}},
      {"object":"r","raw":{"identifiers":[{"identifier":"x","value":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"}]}}],
      "tests":[{"test":"file","object":"f"},
               {"test":"raw","object":"r","regexp":{"value":"^(a|aa)+$"}},
               {"test":"name","object":"r","regexp":{"value":"(x+x+)+y"}}]})J",
                                               dir_.path()));
  EXPECT_LT(SecondsSince(start), 10.0);
  EXPECT_FALSE(e.by_id["file"].masterresult);
  EXPECT_FALSE(e.by_id["raw"].masterresult);
  EXPECT_FALSE(e.by_id["raw"].iserror);
}

TEST_F(Attacker, BackreferencesAndHugeRegexesAreErrors) {
  auto e = testing::Evaluate(
      R"J({"objects":[{"object":"r","raw":{"identifiers":[{"identifier":"x","value":"aa"}]}}],
      "tests":[{"test":"backref","object":"r","regexp":{"value":"(a)\\1"}},
               {"test":"huge","object":"r","regexp":{"value":"((a{100}){100}){100}x"}}]})J");
  EXPECT_TRUE(e.by_id["backref"].iserror);
  EXPECT_TRUE(e.by_id["huge"].iserror);
  EXPECT_NE(e.by_id["huge"].error.find("invalid regexp"), std::string::npos);
}

TEST_F(Attacker, FileContentUnderProcIsBounded) {
  // /proc files: zero-sized regular files, some endless (kcore), some that
  // block (kmsg). The walk is bounded by depth and match limit, each file
  // by kMaxBytesPerFile, and nothing blocks.
  const auto start = Clock::now();
  auto e = testing::Evaluate(testing::WithRoot(R"J({"objects":[
      {"object":"self","filecontent":{"path":"/proc/@ROOT@","file":"^(status|kmsg|kcore|pagemap)$","expression":"^(Name):"}},
      {"object":"kmsg","filecontent":{"path":"/proc","file":"^(kmsg|kcore)$","expression":"(x)"}}],
      "tests":[{"test":"self","object":"self"},{"test":"kmsg","object":"kmsg"}]
})J",
                                               std::to_string(getpid())));
  EXPECT_LT(SecondsSince(start), 60.0);
  EXPECT_FALSE(e.by_id["self"].iserror) << e.by_id["self"].error;
  EXPECT_TRUE(e.by_id["self"].masterresult);  // /proc/self/status has Name:
  EXPECT_FALSE(e.by_id["kmsg"].iserror) << e.by_id["kmsg"].error;
}

TEST_F(Attacker, ReadBudgetStopsOversizedReads) {
  mig::test::WriteFile(dir_.Sub("big.txt"), std::string(3 << 20, 'x'));
  PrepareLimits limits;
  limits.max_bytes_read = 1 << 20;
  auto e = testing::Evaluate(testing::WithRoot(R"J({"objects":[
      {"object":"a","filecontent":{"path":"@ROOT@","file":"^big\\.txt$","expression":"(y)"}},
      {"object":"b","filecontent":{"path":"@ROOT@","file":"^big\\.txt$","expression":"(y)"}}],
      "tests":[{"test":"a","object":"a"},{"test":"b","object":"b"}]})J",
                                               dir_.path()),
                             {}, false, limits);
  EXPECT_FALSE(e.by_id["a"].iserror);  // the first read went through
  ASSERT_TRUE(e.by_id["b"].iserror);
  EXPECT_NE(e.by_id["b"].error.find("MiB"), std::string::npos);
}

TEST_F(Attacker, TooManyValuesIsAnError) {
  std::string lines;
  for (int i = 0; i < 5000; ++i)
    lines += "v\n";
  mig::test::WriteFile(dir_.Sub("many.txt"), lines);
  PrepareLimits limits;
  limits.max_criteria = 1000;
  auto e = testing::Evaluate(testing::WithRoot(R"J({"objects":[
      {"object":"a","filecontent":{"path":"@ROOT@","file":"^many\\.txt$","expression":"(v)"}}],
      "tests":[{"test":"a","object":"a"}]})J",
                                               dir_.path()),
                             {}, false, limits);
  ASSERT_TRUE(e.by_id["a"].iserror);
  EXPECT_NE(e.by_id["a"].error.find("more than 1000 values"), std::string::npos);
}

TEST_F(Attacker, LongLinesAreCutInto4096BytePieces) {
  mig::test::WriteFile(dir_.Sub("long.txt"), std::string(10000, 'a') + "\r\nshort\r\n");
  const std::string want = std::string(4096, 'a') + "|" + std::string(4096, 'a') + "|" +
                           std::string(1808, 'a') + "|short";
  Json doc = Json::parse(testing::WithRoot(R"J({"objects":[
      {"object":"a","filecontent":{"path":"@ROOT@","file":"^long\\.txt$","expression":"^(.*)$","concat":"|"}}],
      "tests":[{"test":"a","object":"a"}]})J",
                                           dir_.path()));
  doc["tests"][0]["exactmatch"] = {{"value", want}};
  auto e = testing::Evaluate(doc.dump());
  EXPECT_TRUE(e.by_id["a"].masterresult) << e.by_id["a"].error;
}

TEST(AttackerDocuments, ThousandsOfObjectsAndTests) {
  const int n = 20000;
  Json objects = Json::array(), tests = Json::array();
  for (int i = 0; i < n; ++i) {
    const std::string id = std::to_string(i);
    objects.push_back(
        {{"object", "o" + id}, {"package", {{"name", "p" + std::to_string(i % 100)}}}});
    Json t = {
        {"test", "t" + id}, {"object", "o" + id}, {"evr", {{"operation", "<"}, {"value", "2.0"}}}};
    if (i + 1 < n) t["if"] = Json::array({"t" + std::to_string(i + 1)});
    tests.push_back(t);
  }
  const std::string doc = Json{{"objects", objects}, {"tests", tests}}.dump();
  PackageList packages;
  for (int i = 0; i < 100; ++i)
    packages.push_back({"p" + std::to_string(i), "1." + std::to_string(i)});
  const auto start = Clock::now();
  auto e = testing::Evaluate(doc, [&] { return packages; });
  EXPECT_LT(SecondsSince(start), 30.0);
  EXPECT_EQ(e.by_id.size(), static_cast<size_t>(n));
  EXPECT_TRUE(e.by_id["t" + std::to_string(n - 1)].masterresult);
  // t0 needs t1, which needs t2... 20000 deep: past kMaxDependencyDepth the
  // test errors instead of exhausting the stack, and t0 fails through it.
  EXPECT_TRUE(e.by_id["t0"].iserror);
  EXPECT_EQ(e.by_id["t0"].error, "a test dependency failed (\"t1\")");
  EXPECT_EQ(e.by_id["t1001"].error, "test dependencies nested deeper than 1000");
}

TEST(AttackerDocuments, DeepAndMalformedDocumentsAreRefused) {
  // Nesting in the document's unknown keys is bounded by the JSON reader.
  std::string deep = "{\"x\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  EXPECT_FALSE(ParseGoJson(deep));
  // Wrong shapes anywhere are decoding errors, never exceptions.
  for (const char* bad : {
           R"J({"scribedoc":[]})J",
           R"J({"scribedoc":{"objects":[1]}})J",
           R"J({"scribedoc":{"objects":[{"object":5}]}})J",
           R"J({"scribedoc":{"objects":[{"object":"o","raw":{"identifiers":"x"}}]}})J",
           R"J({"scribedoc":{"tests":[{"test":"t","tags":[{"key":1}]}]}})J",
           R"J({"scribedoc":{"variables":{"key":"k"}}})J",
           R"J("scribedoc")J",
           R"J({"scribedoc":{"objects":[{"object":"o","package":{"onlynewest":"yes"}}]}})J",
       }) {
    SCOPED_TRACE(bad);
    auto p = DecodeParameters(Json::parse(bad));
    EXPECT_FALSE(p);
  }
}

TEST(AttackerDocuments, GarbageVersionsAreTestErrorsNotCrashes) {
  auto e = testing::Evaluate(R"J({"objects":[{"object":"p","package":{"name":"x"}}],
      "tests":[{"test":"dash","object":"p","evr":{"operation":"<","value":"1-"}},
               {"test":"junk","object":"p","evr":{"operation":"<","value":"\u0000\u0001::--~~^^"}},
               {"test":"zeros","object":"p","evr":{"operation":"=","value":"1.0"}}]})J",
                             [] {
                               return PackageList{{"x", "1.00"}};
                             });
  EXPECT_EQ(e.by_id["dash"].error, "evrExtract: ends in dash");
  EXPECT_TRUE(e.result.success);
  EXPECT_TRUE(e.by_id["zeros"].masterresult);  // MIG crashed the whole module here
}

}  // namespace
}  // namespace mig::modules::scribe
