// The signed-action examples made by MIG's own code (spec/examples): our
// verifier must give MIG's verdicts and print MIG's exact signed strings.
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "run_mig.h"

namespace mig::test {
namespace {

// What NAME.expected.txt says.
struct Expected {
  bool signatures_valid = false;
  std::vector<std::string> signers;                      // fingerprints, in order
  std::vector<std::pair<std::string, std::string>> acl;  // module -> verdict, in order
  std::string signed_string;
};

Expected ReadExpected(const std::string& name) {
  const std::string text = ReadFile(ExampleFile(name + ".expected.txt"));
  Expected e;
  const std::string marker = "\n--- signed string";
  const size_t mark = text.find(marker);
  EXPECT_NE(mark, std::string::npos);
  const size_t start = text.find('\n', mark + 1) + 1;
  e.signed_string = text.substr(start);
  std::istringstream lines(text.substr(0, mark));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("signature_verdict: ", 0) == 0) {
      e.signatures_valid = line == "signature_verdict: valid";
    } else if (line.rfind("signers: ", 0) == 0) {
      std::istringstream items(line.substr(9));
      std::string item;
      while (std::getline(items, item, ','))
        e.signers.push_back(item.substr(item.find(':') + 1));
    } else if (line.rfind("acl.", 0) == 0) {
      const size_t colon = line.find(": ");
      e.acl.emplace_back(line.substr(4, colon - 4), line.substr(colon + 2));
    }
  }
  return e;
}

std::string VerifyArgs(const std::string& name) {
  return "action verify " + Quote(ExampleFile(name + ".json")) + " --keyring " +
         Quote(ExampleFile("keys/alice.asc")) + " --keyring " + Quote(ExampleFile("keys/bob.asc")) +
         " --keyring " + Quote(ExampleFile("keys/carol.asc")) + " --acl " +
         Quote(ExampleFile("acl.json"));
}

class MigExample : public ::testing::TestWithParam<std::string> {};

TEST_P(MigExample, PrintsMigsSignedStringByteForByte) {
  TempDir scratch;
  const auto expected = ReadExpected(GetParam());
  const auto run = MigStdoutOnly(
      "action verify " + Quote(ExampleFile(GetParam() + ".json")) + " --print-string", scratch);
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out, expected.signed_string);
}

TEST_P(MigExample, GivesMigsSignatureAndAclVerdicts) {
  const auto expected = ReadExpected(GetParam());
  const auto run = Mig(VerifyArgs(GetParam()) + " 2>&1");
  const std::string& out = run.output;
  SCOPED_TRACE(out);
  if (expected.signatures_valid) {
    for (size_t i = 0; i < expected.signers.size(); ++i) {
      EXPECT_NE(out.find("signature " + std::to_string(i + 1) + ": valid, made by " +
                         expected.signers[i]),
                std::string::npos);
    }
    EXPECT_EQ(out.find("NOT valid ("), std::string::npos);
  } else {
    EXPECT_NE(out.find(": NOT valid ("), std::string::npos);
  }
  bool all_allowed = expected.signatures_valid;
  for (size_t i = 0; i < expected.acl.size(); ++i) {
    const auto& [module, verdict] = expected.acl[i];
    const std::string label = "operation " + std::to_string(i + 1) + " (" + module + "): ";
    if (verdict == "allowed") {
      EXPECT_NE(out.find(label + "allowed\n"), std::string::npos) << label;
    } else if (verdict.rfind("n/a", 0) == 0) {
      EXPECT_NE(out.find(label + "not checked"), std::string::npos) << label;
      all_allowed = false;
    } else {
      EXPECT_NE(out.find(label + "NOT allowed: " + verdict + "\n"), std::string::npos) << label;
      all_allowed = false;
    }
  }
  EXPECT_NE(out.find("validity: ok"), std::string::npos);
  EXPECT_EQ(run.exit_code, all_allowed ? 0 : 1);
  EXPECT_NE(out.find(all_allowed ? "verdict: valid" : "verdict: NOT valid"), std::string::npos);
}

TEST_P(MigExample, SaysNothingOnStderrForGoSignatures) {
  // librnp complains about Go's non-minimal MPIs unless silenced.
  const auto run = Mig(VerifyArgs(GetParam()) + " 2>&1 >/dev/null");
  EXPECT_EQ(run.output, "");
}

INSTANTIATE_TEST_SUITE_P(SpecExamples, MigExample,
                         ::testing::Values("mig-shellshock_iocs", "mig-linux-backdoor",
                                           "mig-example_v2", "tampered-operations",
                                           "mallory-single", "mig-integration_tests",
                                           "mig-scribe-glibc", "mig-sshd_backdoor"),
                         [](const auto& param_info) {
                           std::string name = param_info.param;
                           for (char& c : name)
                             if (c == '-') c = '_';
                           return name;
                         });

TEST(MigExamples, EveryExampleIsCovered) {
  // A new example in the spec folder must be added to the list above.
  const auto run = RunShell("ls " + Quote(ExampleFile("")) + " | grep -c '\\.expected\\.txt$'");
  EXPECT_EQ(run.output, "8\n");
}

TEST(MigExamples, UnknownSignerIsNamedByKeyId) {
  const auto run = Mig(VerifyArgs("mallory-single") + " 2>&1");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.output.find("unknown key"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("7B15A26C383814F5"), std::string::npos) << run.output;
}

TEST(MigExamples, ShippedDemoCopyStillVerifies) {
  const auto run =
      Mig("action verify " + Quote(DocsExample("mig/mig-example_v2.json")) + " --keyring " +
          Quote(DocsExample("mig/alice.asc")) + " --keyring " + Quote(DocsExample("mig/bob.asc")) +
          " --acl " + Quote(DocsExample("mig/acl.json")) + " 2>&1");
  EXPECT_EQ(run.exit_code, 0) << run.output;
}

}  // namespace
}  // namespace mig::test
