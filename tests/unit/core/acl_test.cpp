#include "core/acl.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "core/documents_json.h"
#include "test_env.h"

namespace mig {
namespace {

const std::string kAlice = "CDB0BA443D7A104AD14FA2005DAE3A312E024174";
const std::string kBob = "B8B2368E3519BDE15F3F27F7EB31B4195D5279AB";
const std::string kCarol = "A0D3E7265686423E20A19A5D0A53AFB5E1589CD1";

Acl ExampleAcl() {
  auto acl = ParseAcl(test::ReadFile(test::MigExamplesDir() + "/acl.json"));
  EXPECT_TRUE(acl.ok()) << acl.error();
  return acl.ok() ? *acl : Acl{};
}

std::string Verdict(const Status& s) {
  return s.ok() ? "allowed" : s.message();
}

// Every "acl.MODULE: verdict" line of the examples, with the "signers" line
// (label:FINGERPRINT,...) as input.
TEST(Acl, MatchesMigVerdictsOnExamples) {
  const std::filesystem::path dir = test::MigExamplesDir();
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir << "";
  const Acl acl = ExampleAcl();
  ASSERT_EQ(acl.size(), 3u);
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.size() < 13 || name.substr(name.size() - 13) != ".expected.txt") continue;
    SCOPED_TRACE(name);
    std::istringstream lines(test::ReadFile(entry.path().string()));
    std::string line;
    std::vector<std::string> signers;
    bool signers_ok = false;
    while (std::getline(lines, line) && line.rfind("---", 0) != 0) {
      if (line.rfind("signers: ", 0) == 0 && line.find("error") == std::string::npos) {
        std::istringstream list(line.substr(9));
        std::string item;
        while (std::getline(list, item, ',')) {
          signers.push_back(item.substr(item.find(':') + 1));
        }
        signers_ok = true;
      }
      if (line.rfind("acl.", 0) != 0 || !signers_ok) continue;
      const size_t colon = line.find(": ");
      const std::string module = line.substr(4, colon - 4);
      EXPECT_EQ(Verdict(CheckPermission(acl, module, signers)), line.substr(colon + 2));
      ++checked;
    }
  }
  EXPECT_GE(checked, 10);
}

TEST(Acl, MalloryWithHerKeyTrustedStillHasNoWeight) {
  // mallory-single.expected.txt: with her key in the keyring, got 0.
  EXPECT_EQ(
      Verdict(CheckPermission(ExampleAcl(), "file", {"F547650D2554CF7DA14C05637B15A26C383814F5"})),
      "permission denied for operation file, insufficient signatures weight (need 2, got 0)");
}

TEST(Acl, WeightRules) {
  const Acl acl = ExampleAcl();
  // Lowercase fingerprints (what Go produces) count too.
  std::string bob_lower = kBob;
  for (char& c : bob_lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_TRUE(CheckPermission(acl, "file", {bob_lower, kCarol}).ok());
  EXPECT_TRUE(CheckPermission(acl, "ping", {kAlice, kBob}).ok());
  EXPECT_EQ(Verdict(CheckPermission(acl, "ping", {kBob, kCarol})),
            "permission denied for operation ping, insufficient signatures weight (need 3, got 2)");
  EXPECT_EQ(Verdict(CheckPermission(acl, "file", {})),
            "permission denied for operation file, insufficient signatures weight (need 2, got 0)");
  EXPECT_EQ(Verdict(CheckPermission(acl, "file", {kBob, kBob})),
            "permission violation: key " + kBob + " used to sign multiple times");
  EXPECT_EQ(Verdict(CheckPermission(acl, "file", {kBob, bob_lower})),
            "permission violation: key " + bob_lower + " used to sign multiple times");
  // Module names are case-sensitive: "File" falls back to default.
  EXPECT_EQ(Verdict(CheckPermission(acl, "File", {kBob, kCarol})),
            "permission denied for operation File, insufficient signatures weight (need 3, got 2)");
}

TEST(Acl, SameFingerprintUnderTwoLabelsCountsTwice) {
  auto acl = ParseAcl(R"({"x":{"minimumweight":2,"investigators":{
      "a":{"fingerprint":"AA","weight":1},"b":{"fingerprint":"aa","weight":1}}}})");
  ASSERT_TRUE(acl.ok()) << acl.error();
  EXPECT_TRUE(CheckPermission(*acl, "x", {"aA"}).ok());
}

TEST(Acl, NoEntryAndInvalidEntries) {
  auto acl = ParseAcl(R"({"file":{"minimumweight":0,"investigators":{}},
                          "ping":{"minimumweight":-1}})");
  ASSERT_TRUE(acl.ok()) << acl.error();
  EXPECT_EQ(Verdict(CheckPermission(*acl, "netstat", {kAlice})),
            "no ACL entry found for netstat, and no default present");
  EXPECT_EQ(Verdict(CheckPermission(*acl, "file", {kAlice})),
            "invalid ACL file, weight must be > 0");
  EXPECT_EQ(Verdict(CheckPermission(*acl, "ping", {kAlice})),
            "invalid ACL ping, weight must be > 0");
  Acl def_only = *acl;
  def_only["default"].minimum_weight = 0;
  EXPECT_EQ(Verdict(CheckPermission(def_only, "netstat", {kAlice})),
            "invalid ACL default, weight must be > 0");
}

TEST(Acl, BuiltInDefaultAcceptsNobody) {
  const Acl acl = DefaultAcl();
  ASSERT_EQ(acl.size(), 1u);
  EXPECT_EQ(acl.at("default").minimum_weight, 1);
  EXPECT_TRUE(acl.at("default").investigators.empty());
  EXPECT_EQ(Verdict(CheckPermission(acl, "file", {kAlice})),
            "permission denied for operation file, insufficient signatures weight (need 1, got 0)");
  auto parsed = ParseAcl(R"({"default":{"minimumweight":1,"investigators":{}}})");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->at("default").minimum_weight, 1);
}

TEST(Acl, CaseInsensitiveFieldNames) {
  auto acl = ParseAcl(R"({"file":{"MinimumWeight":2,"Investigators":{
      "Bob":{"Fingerprint":"B8B2368E3519BDE15F3F27F7EB31B4195D5279AB","WEIGHT":2}}}})");
  ASSERT_TRUE(acl.ok()) << acl.error();
  EXPECT_EQ(acl->at("file").minimum_weight, 2);
  EXPECT_TRUE(CheckPermission(*acl, "file", {kBob}).ok());
}

TEST(Acl, ParseErrorsNameTheField) {
  EXPECT_EQ(ParseAcl("[]").error(), "acl: expected an object of module names, got array");
  EXPECT_EQ(ParseAcl(R"({"file":3})").error(), "acl.file: expected an object, got number");
  EXPECT_EQ(ParseAcl(R"({"file":{"minimumweight":"2"}})").error(),
            "acl.file.minimumweight: expected an integer, got string");
  EXPECT_EQ(ParseAcl(R"({"file":{"minimumweight":1.5}})").error(),
            "acl.file.minimumweight: expected an integer, got 1.5");
  EXPECT_EQ(ParseAcl(R"({"file":{"investigators":[]}})").error(),
            "acl.file.investigators: expected an object, got array");
  EXPECT_EQ(ParseAcl(R"({"file":{"investigators":{"Bob":{"weight":true}}}})").error(),
            "acl.file.investigators.Bob.weight: expected an integer, got boolean");
  EXPECT_EQ(ParseAcl(R"({"file":{"investigators":{"Bob":{"fingerprint":7}}}})").error(),
            "acl.file.investigators.Bob.fingerprint: expected a string, got number");
  EXPECT_EQ(ParseAcl(R"({"file":{"minimumwieght":2}})").error(),
            "acl.file.minimumwieght: unknown field (check its spelling; not a field of acl.file)");
  EXPECT_EQ(ParseAcl(R"({"file":{"investigators":{"Bob":{"wieght":2}}}})").error(),
            "acl.file.investigators.Bob.wieght: unknown field (check its spelling; not a field of "
            "acl.file.investigators.Bob)");
  EXPECT_NE(ParseAcl("{").error().find("acl: invalid JSON"), std::string::npos);
}

TEST(Acl, EveryOperationMustPass) {
  auto action = ParseAction(test::ReadFile(test::MigExamplesDir() + "/mig-integration_tests.json"));
  ASSERT_TRUE(action.ok()) << action.error();
  const Acl acl = ExampleAcl();
  EXPECT_EQ(Verdict(CheckActionPermissions(acl, *action, {kAlice})),
            "permission denied for operation ping, insufficient signatures weight (need 3, got 2)");
  EXPECT_TRUE(CheckActionPermissions(acl, *action, {kAlice, kBob}).ok());
}

TEST(Acl, RespondScopeNeverFallsBackToDefault) {
  auto acl = ParseAcl(R"({"default":{"minimumweight":1,"investigators":{
      "a":{"fingerprint":"AA","weight":9}}}})");
  ASSERT_TRUE(acl.ok()) << acl.error();
  EXPECT_TRUE(CheckPermission(*acl, "firewall", {"AA"}).ok());  // MIG's rule
  EXPECT_EQ(Verdict(CheckPermission(*acl, "firewall", {"AA"}, AclScope::kRespond)),
            "no ACL entry found for respond module firewall, and no respond entry present (the "
            "default entry never applies to respond modules)");
}

TEST(Acl, TallySaysWhichEntryAndWhatIsMissing) {
  auto acl = ParseAcl(R"({"default":{"minimumweight":1,"investigators":{}},
      "respond":{"minimumweight":2,"investigators":{"a":{"fingerprint":"AA","weight":1},
                                                    "b":{"fingerprint":"BB","weight":1}}},
      "account":{"minimumweight":3,"investigators":{"a":{"fingerprint":"AA","weight":2}}}})");
  ASSERT_TRUE(acl.ok()) << acl.error();
  auto one = TallyPermission(*acl, "firewall", {"aa"}, AclScope::kRespond);
  ASSERT_TRUE(one.ok()) << one.error();
  EXPECT_EQ(one->entry, "respond");
  EXPECT_EQ(one->weight, 1);
  EXPECT_EQ(one->Missing(), 1);
  auto own = TallyPermission(*acl, "account", {"AA", "BB"}, AclScope::kRespond);
  ASSERT_TRUE(own.ok()) << own.error();
  EXPECT_EQ(own->entry, "account");
  EXPECT_EQ(own->weight, 2);
  EXPECT_EQ(own->Missing(), 1);
  EXPECT_EQ(Verdict(CheckPermission(*acl, "account", {"AA", "BB"}, AclScope::kRespond)),
            "permission denied for respond operation account (ACL entry account), insufficient "
            "signatures weight (need 3, got 2)");
  auto investigate = TallyPermission(*acl, "file", {"AA"});
  ASSERT_TRUE(investigate.ok());
  EXPECT_EQ(investigate->entry, "default");
  EXPECT_EQ(investigate->Missing(), 1);
  EXPECT_FALSE(TallyPermission(*acl, "firewall", {"AA", "aa"}, AclScope::kRespond).ok());
}

TEST(Acl, ThePredicateDecidesTheScopeOfEachOperation) {
  auto acl = ParseAcl(R"({"default":{"minimumweight":1,"investigators":{
      "a":{"fingerprint":"AA","weight":1}}}})");
  ASSERT_TRUE(acl.ok());
  Action action;
  action.operations = std::vector<Operation>{{"file", Json::object(), false, false},
                                             {"firewall", Json::object(), false, false}};
  EXPECT_TRUE(CheckActionPermissions(*acl, action, {"AA"}).ok());  // no predicate: MIG's rule
  const IsRespondModule is_respond = [](const std::string& m) { return m == "firewall"; };
  EXPECT_NE(Verdict(CheckActionPermissions(*acl, action, {"AA"}, is_respond))
                .find("respond module firewall"),
            std::string::npos);
}

}  // namespace
}  // namespace mig
