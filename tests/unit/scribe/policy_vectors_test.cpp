// The policy test cases of spec/modules/scribe.md section 6 (scribe's
// vendored tests), on the same package table and file fixtures.
#include <gtest/gtest.h>

#include "scribe_fixture.h"

namespace mig::modules::scribe {
namespace {

using testing::Evaluate;
using testing::FixturePackages;
using testing::WithRoot;

void ExpectMaster(const testing::Evaluation& e, const std::string& id, bool expected) {
  auto it = e.by_id.find(id);
  ASSERT_NE(it, e.by_id.end()) << id;
  EXPECT_FALSE(it->second.iserror) << id << ": " << it->second.error;
  EXPECT_EQ(it->second.masterresult, expected) << id;
}

constexpr const char* kPackagePolicy = R"J({
  "objects": [
    {"object": "openssl", "package": {"name": "openssl"}},
    {"object": "libbind", "package": {"name": "libbind"}},
    {"object": "grub-common", "package": {"name": "grub-common"}},
    {"object": "kernel", "package": {"name": "kernel", "onlynewest": true}}
  ],
  "tests": [
    {"test": "package0", "object": "openssl"},
    {"test": "package1", "object": "libbind", "evr": {"operation": "=", "value": "1:9.9.5.dfsg-4.3"}},
    {"test": "package2", "object": "grub-common", "evr": {"operation": "<", "value": "2.02-beta1"}},
    {"test": "package3", "object": "grub-common", "evr": {"operation": "<", "value": "2.02-beta2"}},
    {"test": "package4", "object": "grub-common", "evr": {"operation": "<", "value": "2.01-beta2"}},
    {"test": "package5", "object": "grub-common", "evr": {"operation": "<", "value": "2.02-beta3"}, "if": ["package2"]},
    {"test": "package6", "object": "openssl", "evr": {"operation": "badop", "value": "1.0.1e"}},
    {"test": "package7", "object": "openssl", "evr": {"operation": ">", "value": "1.0.1d"}},
    {"test": "package8", "object": "kernel", "evr": {"operation": "<", "value": "2.6.32-573.8.1.el6.x86_64"}}
  ]
})J";

TEST(PolicyVectors, Packages) {
  int queries = 0;
  auto e = Evaluate(kPackagePolicy, [&] {
    ++queries;
    return FixturePackages();
  });
  EXPECT_EQ(queries, 1);  // the inventory is built once per run
  ExpectMaster(e, "package0", true);
  ExpectMaster(e, "package1", true);
  ExpectMaster(e, "package2", false);
  ExpectMaster(e, "package3", false);
  ExpectMaster(e, "package4", false);
  ExpectMaster(e, "package5", false);
  EXPECT_TRUE(e.by_id["package5"].hastrueresults);  // own result true, dependency false
  EXPECT_TRUE(e.by_id["package6"].iserror);
  EXPECT_EQ(e.by_id["package6"].error, "invalid evr operation badop");
  EXPECT_FALSE(e.by_id["package6"].results.has_value());
  ExpectMaster(e, "package7", true);
  ExpectMaster(e, "package8", false);
  ASSERT_TRUE(e.by_id["package8"].results);
  EXPECT_EQ(e.by_id["package8"].results->size(), 1u);  // only the newest kernel
  EXPECT_EQ(e.result.errors,
            std::vector<std::string>{"Error: invalid evr operation badop in \"package6\""});
  EXPECT_TRUE(e.result.success);
  EXPECT_TRUE(e.result.found_anything);
}

TEST(PolicyVectors, PackageNotInstalledIsFalseNotError) {
  auto e = Evaluate(R"J({"objects":[{"object":"o","package":{"name":"nosuch"}}],
                        "tests":[{"test":"t","object":"o"}]})J",
                    FixturePackages);
  ExpectMaster(e, "t", false);
  EXPECT_FALSE(e.by_id["t"].results.has_value());
}

TEST(PolicyVectors, CollectMatchTakesEveryMatchingName) {
  auto e = Evaluate(
      R"J({"objects":[{"object":"o","package":{"name":"label","collectmatch":"^(bash|upstart)$"}}],
                        "tests":[{"test":"t","object":"o","evr":{"operation":">","value":"1.0"}}]})J",
      FixturePackages);
  ExpectMaster(e, "t", true);
  ASSERT_TRUE(e.by_id["t"].results);
  ASSERT_EQ(e.by_id["t"].results->size(), 2u);
  EXPECT_EQ((*e.by_id["t"].results)[0].identifier, "bash");
  EXPECT_EQ((*e.by_id["t"].results)[1].identifier, "upstart");
}

class FilePolicies : public ::testing::Test {
 protected:
  void SetUp() override { testing::WriteFileFixtures(dir_.path()); }
  std::string Root(const std::string& sub) const { return dir_.path() + "/" + sub; }
  mig::test::TempDir dir_{"scribe-fixtures"};
};

TEST_F(FilePolicies, FileContent) {
  const std::string doc = WithRoot(R"J({
    "variables": [{"key": "root", "value": "@ROOT@"}],
    "objects": [
      {"object": "nosuchfile", "filecontent": {"path": "${root}", "file": "nosuchfile", "expression": ".*"}},
      {"object": "testfile0-a", "filecontent": {"path": "${root}", "file": "testfile0", "expression": ".*(Test).*"}},
      {"object": "testfile0-b", "filecontent": {"path": "${root}", "file": "testfile0", "expression": "(.*)"
}
},
      {"object": "testfile0-c", "filecontent": {"path": "${root}", "file": "testfile0", "expression": "^(T\\S+).*"}},
      {"object": "file1", "filecontent": {"path": "${root}", "file": ".*file1", "expression": "^Version = (\\S+)"}},
      {"object": "file2", "filecontent": {"path": "${root}", "file": ".*file2", "expression": "^Version = (\\S+)"}},
      {"object": "anyfile", "filecontent": {"path": "${root}/", "file": ".*", "expression": "(.*)"}}
    ],
    "tests": [
      {"test": "simplecontent0", "object": "nosuchfile"},
      {"test": "simplecontent1", "object": "testfile0-a"},
      {"test": "simplecontent2", "object": "testfile0-b", "regexp": {"value": "Test"}},
      {"test": "simplecontent3", "object": "testfile0-c", "regexp": {"value": "Test"}},
      {"test": "filecontent0", "object": "file1", "evr": {"operation": "<", "value": "0.6"}},
      {"test": "filecontent1", "object": "file1", "evr": {"operation": "<", "value": "0.6"}, "if": ["simplecontent0"]},
      {"test": "filecontent2", "object": "file1", "evr": {"operation": "<", "value": "0.6"}, "if": ["simplecontent1"]},
      {"test": "filecontent3", "object": "file1", "evr": {"operation": "<", "value": "0.4z"}},
      {"test": "filecontent4", "object": "file2", "evr": {"operation": "<", "value": "0.4z"}},
      {"test": "anyfile0", "object": "anyfile"}
    ]
})J",
                                   Root("filecontent"));
  auto e = Evaluate(doc);
  ExpectMaster(e, "simplecontent0", false);
  ExpectMaster(e, "simplecontent1", true);
  ExpectMaster(e, "simplecontent2", true);
  ExpectMaster(e, "simplecontent3", true);
  ExpectMaster(e, "filecontent0", true);
  ExpectMaster(e, "filecontent1", false);
  ExpectMaster(e, "filecontent2", true);
  ExpectMaster(e, "filecontent3", false);
  ExpectMaster(e, "filecontent4", false);
  ExpectMaster(e, "anyfile0", true);
  // 0.5 from testfile1. The link testfile2 is followed (filecontent4 reads
  // 0.5 through it) but its own name does not match .*file1: names are the
  // file module's, taken from the directory entry.
  ASSERT_TRUE(e.by_id["filecontent0"].results);
  ASSERT_EQ(e.by_id["filecontent0"].results->size(), 1u);
  EXPECT_EQ((*e.by_id["filecontent0"].results)[0].identifier, Root("filecontent/testfile1"));
  ASSERT_TRUE(e.by_id["filecontent4"].results);
  ASSERT_EQ(e.by_id["filecontent4"].results->size(), 1u);
  EXPECT_EQ((*e.by_id["filecontent4"].results)[0].identifier, Root("filecontent/testfile2"));
  // Sixteen lines of testfile0 with (.*): one value each, empty ones too.
  ASSERT_TRUE(e.by_id["simplecontent2"].results);
  EXPECT_EQ(e.by_id["simplecontent2"].results->size(), 16u);
}

TEST_F(FilePolicies, FileName) {
  const std::string doc = WithRoot(R"J({
    "variables": [{"key": "root", "value": "@ROOT@"}],
    "objects": [
      {"object": "all", "filename": {"path": "${root}", "file": "(.*)"
}
},
      {"object": "none", "filename": {"path": "${root}", "file": ".*(nosuchfile).*"}},
      {"object": "versions", "filename": {"path": "${root}", "file": "file-(\\S+).txt"}},
      {"object": "exact", "filename": {"path": "${root}", "file": "^(testfile0)$"}}
    ],
    "tests": [
      {"test": "filename0", "object": "all"},
      {"test": "filename1", "object": "none"},
      {"test": "filename2", "object": "versions", "evr": {"operation": "<", "value": "1.6.0"}},
      {"test": "filename3", "object": "versions", "evr": {"operation": "<", "value": "1.1.0"}},
      {"test": "filename4", "object": "versions", "regexp": {"value": "1.2.3"}},
      {"test": "filename5", "object": "exact"}
    ]
})J",
                                   Root("filename"));
  auto e = Evaluate(doc);
  ExpectMaster(e, "filename0", true);
  ExpectMaster(e, "filename1", false);
  ExpectMaster(e, "filename2", true);
  ExpectMaster(e, "filename3", false);
  ExpectMaster(e, "filename4", true);
  ExpectMaster(e, "filename5", true);
  ASSERT_TRUE(e.by_id["filename2"].results);
  EXPECT_EQ(e.by_id["filename2"].results->size(), 2u);  // 1.2.3 and 1.5.0
}

TEST_F(FilePolicies, NothingFoundGivesNoPhantomCriterion) {
  // MIG passed the file module's empty placeholder path on: "(.*)" then
  // matched it and the test was true. Empty paths are dropped here.
  auto e = Evaluate(
      WithRoot(R"J({"objects":[{"object":"o","filename":{"path":"@ROOT@/nonexistent","file":"(.*)"
}
}],
                                 "tests":[{"test":"t","object":"o"}]
})J",
               dir_.path()));
  ExpectMaster(e, "t", false);
  EXPECT_FALSE(e.by_id["t"].results.has_value());
}

TEST_F(FilePolicies, HasLineAndTags) {
  const std::string doc = WithRoot(R"J({
    "objects": [
      {"object": "hl", "hasline": {"path": "@ROOT@/hasline", "file": ".*\\.txt", "expression": ".*test.*"}},
      {"object": "tg", "hasline": {"path": "@ROOT@/tags", "file": ".*\\.txt", "expression": ".*test.*"}}
    ],
    "tests": [
      {"test": "hasline", "object": "hl", "exactmatch": {"value": "true"}},
      {"test": "tags", "object": "tg", "exactmatch": {"value": "false"},
       "tags": [{"key": "testtag", "value": "tag1"}, {"key": "another tag", "value": "Another tag with spaces"}]}
    ]
  })J",
                                   dir_.path());
  auto e = Evaluate(doc);
  ExpectMaster(e, "hasline", true);
  ExpectMaster(e, "tags", true);
  ASSERT_TRUE(e.by_id["hasline"].results);
  int trues = 0;
  for (const auto& s : *e.by_id["hasline"].results)
    trues += s.result;
  EXPECT_EQ(trues, 2);  // file0 and file1
  ASSERT_EQ(e.by_id["tags"].tags.size(), 2u);
  EXPECT_EQ(e.by_id["tags"].tags[1].value, "Another tag with spaces");
}

TEST_F(FilePolicies, Concat) {
  auto e = Evaluate(WithRoot(R"J({
    "objects": [{"object": "c", "filecontent": {"path": "@ROOT@/concat", "file": "testfile0",
                 "expression": "var = \\((\\S+), (\\S+)\\)", "concat": "."
}
}],
    "tests": [{"test": "concat", "object": "c", "regexp": {"value": "^1\\.5$"}}]
})J",
                             dir_.path()));
  ExpectMaster(e, "concat", true);
  ASSERT_TRUE(e.by_id["concat"].results);
  EXPECT_EQ(e.by_id["concat"].results->size(), 2u);  // testfile0 and dir0/testfile0, each 1.5
  for (const auto& s : *e.by_id["concat"].results)
    EXPECT_TRUE(s.result) << s.identifier;
}

TEST_F(FilePolicies, ImportChain) {
  auto e = Evaluate(WithRoot(R"J({
    "objects": [
      {"object": "root", "filecontent": {"path": "@ROOT@/import-chain", "file": "testfile0",
       "expression": "var = \\((\\S+), (\\S+)\\)", "concat": ".", "import-chain": ["minor", "suffix"]
}
},
      {"object": "minor", "filecontent": {"path": "${chain_root}", "file": "testfile1", "expression": "minor = (\\S+)"}},
      {"object": "suffix", "raw": {"identifiers": [{"identifier": "s", "value": "teststring"}]}}
    ],
    "tests": [
      {"test": "chain", "object": "root", "regexp": {"value": "^1.5.8.teststring$"}},
      {"test": "direct", "object": "minor"}
    ]
})J",
                             dir_.path()));
  ExpectMaster(e, "chain", true);
  ASSERT_TRUE(e.by_id["chain"].results);
  ASSERT_EQ(e.by_id["chain"].results->size(), 2u);
  for (const auto& s : *e.by_id["chain"].results) {
    // dir0/testfile0 has no testfile1 beside it: 1.5.teststring, false.
    const bool top = s.identifier == dir_.path() + "/import-chain/testfile0";
    EXPECT_EQ(s.result, top) << s.identifier;
  }
  EXPECT_TRUE(e.by_id["direct"].iserror);
  EXPECT_EQ(e.by_id["direct"].error, "object not prepared");
}

TEST(PolicyVectors, Raw) {
  auto e = Evaluate(R"J({"objects":[{"object":"r","raw":{"identifiers":[
      {"identifier":"an identifier","value":"VALUE"},{"identifier":"another identifier","value":"TEST"}]}}],
      "tests":[{"test":"raw","object":"r","regexp":{"value":"TEST"}}]})J");
  ExpectMaster(e, "raw", true);
  ASSERT_TRUE(e.by_id["raw"].results);
  ASSERT_EQ(e.by_id["raw"].results->size(), 2u);
  EXPECT_FALSE((*e.by_id["raw"].results)[0].result);
  EXPECT_TRUE((*e.by_id["raw"].results)[1].result);
}

}  // namespace
}  // namespace mig::modules::scribe
