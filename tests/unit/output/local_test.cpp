// mig -t local -o ocsf|ecs: the real file module on real files, one of them
// named to break a line-based consumer.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "schema.h"
#include "test_env.h"

namespace mig::output::test {
namespace {

TEST(LocalFindings, MigTLocalPrintsConformingFindingLines) {
  mig::test::TempDir dir("mig-output-local");
  mig::test::WriteFile(dir.Sub("needle"), "x");
  const std::string evil = "evil\n<13>1 - - - - - forged \x01";
  mig::test::WriteFile(dir.Sub(evil), "x");
  mig::test::WriteFile(dir.Sub("hay"), "x");
  const std::string mig = mig::test::BinaryDir() + "/apps/mig/mig";
  for (const char* format : {"ocsf", "ecs"}) {
    const auto out = mig::test::RunShell(mig + " file -t local -o " + format + " -path " +
                                         dir.path() + " -name '^(needle|evil)' 2>/dev/null");
    EXPECT_EQ(out.exit_code, 0) << out.output;
    std::istringstream lines(out.output);
    std::string line;
    std::vector<std::string> paths;
    while (std::getline(lines, line)) {
      const auto j = nlohmann::json::parse(line, nullptr, false);
      ASSERT_TRUE(j.is_object()) << "not a JSON line: " << line;
      const bool ocsf = std::string(format) == "ocsf";
      const auto v = Violations(j, ocsf ? OcsfDetectionFinding() : EcsFinding());
      EXPECT_TRUE(v.empty()) << v.front() << "\n" << line;
      paths.push_back(ocsf ? j["evidences"][0]["file"]["path"] : j["file"]["path"]);
    }
    std::sort(paths.begin(), paths.end());
    EXPECT_EQ(paths, (std::vector<std::string>{dir.Sub(evil), dir.Sub("needle")})) << out.output;
  }
}

}  // namespace
}  // namespace mig::output::test
