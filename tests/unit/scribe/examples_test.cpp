// The documented examples (docs/examples/scribe) run as docs/modules/
// scribe.md says: the sshd_config compliance check on fixtures, the
// libnss3 check against this machine's real dpkg database.
#include <gtest/gtest.h>

#include <sstream>

#include "modules/scribe/document_file.h"
#include "modules/scribe/engine/scribe_engine.h"
#include "modules/scribe/engine/system_packages.h"
#include "modules/scribe/params.h"
#include "scribe_fixture.h"

namespace mig::modules::scribe {
namespace {

Parameters LoadExample(const std::string& name) {
  auto json = LoadDocumentFile(mig::test::SourceDir() + "/docs/examples/scribe/" + name);
  EXPECT_TRUE(json) << json.error();
  Parameters p;
  if (!json) return p;
  auto doc = DecodeDocument(*json);
  EXPECT_TRUE(doc) << doc.error();
  if (doc) p.document = *doc;
  EXPECT_TRUE(ValidateParameters(p));
  return p;
}

std::map<std::string, TestResult> ById(const ModuleResult& r) {
  std::map<std::string, TestResult> out;
  for (const auto& t : r.elements["results"])
    out[t["testid"].get<std::string>()] = TestResultFromJson(t);
  return out;
}

TEST(Examples, SshdComplianceOnACompliantAndABadConfig) {
  mig::test::TempDir good("scribe-sshd-good"), bad("scribe-sshd-bad");
  mig::test::WriteFile(good.Sub("sshd_config"),
                       "# comment\nPermitRootLogin prohibit-password\nPasswordAuthentication no\n"
                       "X11Forwarding no\n");
  mig::test::WriteFile(
      bad.Sub("sshd_config"),
      "PermitRootLogin yes\r\nPasswordAuthentication yes\r\n  X11Forwarding yes\r\n");
  for (const auto* dir : {&good, &bad}) {
    Parameters p = LoadExample("sshd-compliance.json");
    ASSERT_EQ(p.document.variables.size(), 1u);
    p.document.variables[0].value = dir->path();
    auto results = ById(EvaluateDocument(p, {}));
    const bool compliant = dir == &good;
    EXPECT_TRUE(results["sshd-present"].masterresult);
    EXPECT_EQ(results["sshd-no-root-login"].masterresult, compliant);
    EXPECT_EQ(results["sshd-no-passwords"].masterresult, compliant);
    EXPECT_EQ(results["sshd-no-x11"].masterresult, compliant);
  }
  // No sshd_config: not configured, and the dependent tests are false.
  mig::test::TempDir none("scribe-sshd-none");
  Parameters p = LoadExample("sshd-compliance.json");
  p.document.variables[0].value = none.path();
  auto results = ById(EvaluateDocument(p, {}));
  EXPECT_FALSE(results["sshd-present"].masterresult);
  EXPECT_FALSE(results["sshd-no-root-login"].masterresult);
}

TEST(Examples, Libnss3AgainstThisMachinesDpkgDatabase) {
  const auto listed = mig::test::RunShell(
      "dpkg-query -W -f='${db:Status-Abbrev} ${binary:Package} ${Version}\\n' 2>/dev/null"
      " | awk '$1==\"ii\" && $2 ~ /^libnss3(:|$)/ {print $2\" \"$3}'");
  if (listed.exit_code != 0 || listed.output.empty())
    GTEST_SKIP() << "libnss3 is not installed here";
  std::map<std::string, std::string> installed;
  std::istringstream in(listed.output);
  for (std::string name, version; in >> name >> version;)
    installed[name] = version;
  Parameters p = LoadExample("libnss3.json");
  auto results = ById(EvaluateDocument(p, SystemPackages));
  const TestResult& t = results["USN-2672-1"];
  ASSERT_FALSE(t.iserror) << t.error;
  ASSERT_TRUE(t.results);
  std::map<std::string, bool> got;
  for (const auto& s : *t.results)
    got[s.identifier] = s.result;
  ASSERT_EQ(got.size(), installed.size());
  for (const auto& [name, version] : installed) {
    ASSERT_TRUE(got.count(name)) << name;
    // dpkg agrees here: no tilde in "2:3.19.2".
    const bool older =
        mig::test::RunShell("dpkg --compare-versions '" + version + "' lt 2:3.19.2").exit_code == 0;
    EXPECT_EQ(got[name], older) << name << " " << version;
  }
}

}  // namespace
}  // namespace mig::modules::scribe
