// Bad input to `mig action`: each gets a message naming the problem and
// exit status 2 (1 only when verification itself fails).
#include <gtest/gtest.h>

#include <string>

#include "run_mig.h"

namespace mig::test {
namespace {

class ActionToolErrors : public ::testing::Test {
 protected:
  std::string In(const std::string& name) const { return Quote(dir_.Sub(name)); }
  std::string Keys() const {
    return " --keyring " + Quote(ExampleFile("keys/alice.asc")) + " --keyring " +
           Quote(ExampleFile("keys/bob.asc"));
  }
  void ExpectError(const CommandOutput& run, int code, const std::string& text) {
    EXPECT_EQ(run.exit_code, code) << run.output;
    EXPECT_NE(run.output.find(text), std::string::npos) << "want '" << text << "' in:\n"
                                                        << run.output;
  }
  TempDir dir_{"mig-action-errors"};
};

TEST_F(ActionToolErrors, NoSubcommandOrAnUnknownOne) {
  ExpectError(Mig("action 2>&1"), 2, "usage: mig action");
  ExpectError(Mig("action launch x 2>&1"), 2, "unknown subcommand 'launch'");
}

TEST_F(ActionToolErrors, HelpTeachesWithExamples) {
  auto sign = Mig("action sign --help");
  EXPECT_EQ(sign.exit_code, 0);
  EXPECT_NE(sign.output.find("Examples:"), std::string::npos) << sign.output;
  EXPECT_NE(sign.output.find("--passphrase-file"), std::string::npos);
  auto verify = Mig("action verify --help");
  EXPECT_EQ(verify.exit_code, 0);
  EXPECT_NE(verify.output.find("--print-string"), std::string::npos) << verify.output;
}

TEST_F(ActionToolErrors, UnknownOptionAndMissingFile) {
  ExpectError(Mig("action verify x.json --frobnicate 2>&1"), 2, "--frobnicate");
  ExpectError(Mig("action sign --key k 2>&1"), 2, "FILE");
  ExpectError(Mig("action verify " + In("nope.json") + Keys() + " 2>&1"), 2,
              "cannot read " + dir_.Sub("nope.json") + ": No such file");
  ExpectError(Mig("action sign " + In("nope.json") + " 2>&1"), 2, "cannot read");
}

TEST_F(ActionToolErrors, MalformedJson) {
  WriteFile(dir_.Sub("bad.json"), "{\"name\": \"x\",");
  ExpectError(Mig("action verify " + In("bad.json") + Keys() + " 2>&1"), 2, "not a valid action");
  ExpectError(Mig("action sign " + In("bad.json") + " 2>&1"), 2, "malformed JSON");
  WriteFile(dir_.Sub("array.json"), "[1,2]");
  ExpectError(Mig("action sign " + In("array.json") + " 2>&1"), 2, "expected a JSON object");
}

TEST_F(ActionToolErrors, WrongFieldTypeIsNamed) {
  WriteFile(dir_.Sub("a.json"), R"({"name": 5, "target": "x", "operations": []})");
  ExpectError(Mig("action sign " + In("a.json") + " 2>&1"), 2, "action.name");
}

TEST_F(ActionToolErrors, NonStringTimeIsNamed) {
  WriteFile(dir_.Sub("a.json"), R"({"name":"n","target":"t","validfrom":5,"operations":[]})");
  ExpectError(Mig("action sign " + In("a.json") + " 2>&1"), 2,
              "action.validfrom: expected an RFC 3339 time string, got number");
}

TEST_F(ActionToolErrors, ExpiredActionIsNotSigned) {
  WriteFile(dir_.Sub("a.json"), R"({"name":"n","target":"t","validfrom":"2020-01-01T00:00:00Z",)"
                                R"("expireafter":"2020-01-02T00:00:00Z","operations":[]})");
  ExpectError(Mig("action sign " + In("a.json") + " --key /dev/null 2>&1"), 2, "cannot be signed");
}

TEST_F(ActionToolErrors, UnreadableOrBadKeyFile) {
  WriteFile(dir_.Sub("a.json"), R"({"name":"n","target":"t","operations":[]})");
  ExpectError(Mig("action sign " + In("a.json") + " --key " + In("missing.sec") + " 2>&1"), 1,
              "cannot read");
  WriteFile(dir_.Sub("garbage.sec"), "this is not a key");
  ExpectError(Mig("action sign " + In("a.json") + " --key " + In("garbage.sec") + " 2>&1"), 1,
              "signing failed");
  ExpectError(Mig("action sign " + In("a.json") + " --passphrase-file p 2>&1"), 2,
              "--passphrase-file goes with --key");
}

TEST_F(ActionToolErrors, NoKeyringOrBadKeyring) {
  const std::string action = Quote(ExampleFile("mig-example_v2.json"));
  ExpectError(Mig("action verify " + action + " 2>&1"), 2, "no trusted keys: pass --keyring");
  WriteFile(dir_.Sub("bad.asc"), "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnope\n");
  ExpectError(Mig("action verify " + action + " --keyring " + In("bad.asc") + " 2>&1"), 2,
              dir_.Sub("bad.asc") + ": not a public key file");
  ExpectError(Mig("action verify " + action + " --keyring " + In("none.asc") + " 2>&1"), 2,
              "cannot read");
}

TEST_F(ActionToolErrors, BadAcl) {
  const std::string action = Quote(ExampleFile("mig-example_v2.json"));
  WriteFile(dir_.Sub("acl.json"), "{\"default\": {\"minimumweight\": ");
  ExpectError(Mig("action verify " + action + Keys() + " --acl " + In("acl.json") + " 2>&1"), 2,
              dir_.Sub("acl.json") + ": not a valid ACL");
  WriteFile(dir_.Sub("typo.json"), R"({"default":{"minimumwieght":1,"investigators":{}}})");
  ExpectError(Mig("action verify " + action + Keys() + " --acl " + In("typo.json") + " 2>&1"), 2,
              "not a valid ACL");
}

TEST_F(ActionToolErrors, TamperedMigActionFailsWithStatusOne) {
  ExpectError(
      Mig("action verify " + Quote(ExampleFile("tampered-operations.json")) + Keys() + " 2>&1"), 1,
      "NOT valid (bad signature)");
}

TEST_F(ActionToolErrors, MissingSignerKeyFailsWithStatusOne) {
  // Bob's key is not given: his signature cannot be checked, the action fails.
  ExpectError(Mig("action verify " + Quote(ExampleFile("mig-example_v2.json")) + " --keyring " +
                  Quote(ExampleFile("keys/alice.asc")) + " 2>&1"),
              1, "signature 2: NOT valid (unknown key)");
}

}  // namespace
}  // namespace mig::test
