#include "scribe_fixture.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/gojson.h"
#include "modules/scribe/params.h"

namespace mig::modules::scribe::testing {

PackageList FixturePackages() {
  return {{"openssl", "1.0.1e"},
          {"bash", "4.3-11"},
          {"upstart", "1.13.2"},
          {"grub-common", "2.02-beta2"},
          {"libbind", "1:9.9.5.dfsg-4.3"},
          {"kernel", "2.6.32-504.12.2.el6.x86_64"},
          {"kernel", "2.6.32-573.8.1.el6.x86_64"}};
}

namespace {

void Dir(const std::string& path) {
  ASSERT_TRUE(mkdir(path.c_str(), 0755) == 0 || errno == EEXIST) << path;
}

void ChainLayout(const std::string& dir) {
  Dir(dir);
  Dir(dir + "/dir0");
  mig::test::WriteFile(dir + "/testfile0", "var = (1, 5)\n");
  mig::test::WriteFile(dir + "/dir0/testfile0", "var = (1, 5)\n");
  mig::test::WriteFile(dir + "/testfile1", "minor = 8\n");
}

void HasLineLayout(const std::string& dir) {
  Dir(dir);
  mig::test::WriteFile(dir + "/file0.txt", "test\n");
  mig::test::WriteFile(dir + "/file1.txt", "test\n");
  mig::test::WriteFile(dir + "/file2.txt", "\ndata\n");
}

}  // namespace

void WriteFileFixtures(const std::string& root) {
  Dir(root + "/filecontent");
  mig::test::WriteFile(root + "/filecontent/testfile0",
                       "\n\n\n1\n\n\n\nTest\n\n\n\n1\n\n\n\n5   Test\n");
  mig::test::WriteFile(root + "/filecontent/testfile1", "STRING\nVersion = 0.5\n");
  ASSERT_EQ(symlink("testfile1", (root + "/filecontent/testfile2").c_str()), 0);
  Dir(root + "/filename");
  for (const char* f : {"file-1.2.3.txt", "file-1.5.0.txt", "testfile0"})
    mig::test::WriteFile(root + "/filename/" + f, "test\n");
  HasLineLayout(root + "/hasline");
  HasLineLayout(root + "/tags");
  ChainLayout(root + "/concat");
  ChainLayout(root + "/import-chain");
}

Evaluation Evaluate(const std::string& document_json, const PackageSourceFn& packages,
                    bool onlytrue, const PrepareLimits& limits) {
  Evaluation e;
  auto json = ParseGoJson(document_json);
  EXPECT_TRUE(json) << json.error();
  if (!json) return e;
  auto doc = DecodeDocument(*json);
  EXPECT_TRUE(doc) << doc.error();
  if (!doc) return e;
  Status valid = ValidateDocument(*doc);
  EXPECT_TRUE(valid) << valid.message();
  if (!valid) return e;
  Parameters params;
  params.document = std::move(*doc);
  params.onlytrue = onlytrue;
  e.result = EvaluateDocument(params, packages, limits);
  for (const auto& r : e.result.elements["results"]) {
    TestResult t = TestResultFromJson(r);
    e.by_id[t.testid] = t;
  }
  return e;
}

std::string WithRoot(std::string text, const std::string& root) {
  for (size_t at = text.find("@ROOT@"); at != std::string::npos; at = text.find("@ROOT@", at))
    text.replace(at, 6, root);
  return text;
}

}  // namespace mig::modules::scribe::testing
