// docs/output.md describes what the library writes: every field of the
// schemas the tests check is in its tables, and its examples conform.
#include <gtest/gtest.h>

#include "schema.h"
#include "test_env.h"

namespace mig::output::test {
namespace {

std::string Doc() {
  return mig::test::ReadFile(mig::test::SourceDir() + "/docs/output.md");
}

TEST(Docs, EveryFieldIsDescribed) {
  const std::string doc = Doc();
  for (const Schema* s : {&OcsfComplianceFinding(), &OcsfDetectionFinding(), &EcsFinding()}) {
    for (const auto& f : s->fields) {
      const std::string row = "| `" + f.path + "` | ";
      EXPECT_NE(doc.find(row), std::string::npos) << s->name << ": " << f.path;
    }
  }
}

TEST(Docs, ExamplesConform) {
  const std::string doc = Doc();
  size_t pos = 0, examples = 0;
  while ((pos = doc.find("```json\n", pos)) != std::string::npos) {
    pos += 8;
    const size_t end = doc.find("\n```", pos);
    ASSERT_NE(end, std::string::npos);
    const auto j = nlohmann::json::parse(doc.substr(pos, end - pos), nullptr, false);
    ASSERT_TRUE(j.is_object()) << doc.substr(pos, 200);
    const Schema& s = j.contains("ecs")                 ? EcsFinding()
                      : j.value("class_uid", 0) == 2003 ? OcsfComplianceFinding()
                                                        : OcsfDetectionFinding();
    const auto v = Violations(j, s);
    EXPECT_TRUE(v.empty()) << s.name << ": " << v.front();
    ++examples;
  }
  EXPECT_EQ(examples, 4u);
}

}  // namespace
}  // namespace mig::output::test
