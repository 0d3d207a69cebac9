// Scribe answers (scribe.md 4.2/4.3) as compliance findings, one per test.
#include "output/element_fields.h"
#include "output/module_findings.h"

namespace mig::output {
namespace {

// A scribe test says whether something is true on the host. MIG's policies
// describe what must not be (a package older than the fixed version, a
// forbidden line): a true test is a failed check. A test tagged
// {"key":"pass-when","value":"true"} describes what must be instead.
bool PassesWhenTrue(const CheckFacts& check) {
  for (const auto& [key, value] : check.tags)
    if (key == "pass-when") return value == "true";
  return false;
}

}  // namespace

std::vector<Finding> ScribeFindings(const ModuleResult& result) {
  std::vector<Finding> out;
  if (!result.elements.is_object() || !result.elements.contains("results")) return out;
  const auto& tests = result.elements["results"];
  if (!tests.is_array()) return out;
  for (const auto& t : tests) {
    if (!t.is_object()) continue;
    CheckFacts check;
    check.test_id = TextField(t, "testid");
    check.name = TextField(t, "name");
    check.description = TextField(t, "description");
    if (t.contains("tags") && t["tags"].is_array()) {
      for (const auto& tag : t["tags"])
        check.tags.emplace_back(TextField(tag, "key"), TextField(tag, "value"));
    }
    if (t.contains("results") && t["results"].is_array()) {
      for (const auto& sub : t["results"])
        check.results.emplace_back(BoolField(sub, "result"), TextField(sub, "identifier"));
    }
    Finding f;
    f.finding_class = FindingClass::kCompliance;
    f.module = "scribe";
    f.evidence = t;
    f.criterion = "test " + check.test_id;
    const std::string shown = check.name.empty() ? check.test_id : check.name;
    if (BoolField(t, "iserror")) {
      f.outcome = Outcome::kError;
      f.errors.push_back(TextField(t, "error"));
      f.title = "scribe test \"" + shown + "\" (" + check.test_id +
                ") could not be evaluated: " + f.errors.back();
    } else {
      const bool truth = BoolField(t, "masterresult");
      f.outcome = truth == PassesWhenTrue(check) ? Outcome::kPass : Outcome::kFail;
      f.title = "scribe test \"" + shown + "\" (" + check.test_id +
                "): " + (f.outcome == Outcome::kPass ? "pass" : "fail") + " (master result " +
                (truth ? "true" : "false") + ")";
    }
    f.check = std::move(check);
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace mig::output
