// `mig action sign`: signing with a key file and with GnuPG, the times and
// compression MIG's generator applies, several signers; the result must
// verify with gpg itself and with `mig action verify`.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "core/compression.h"
#include "core/documents_json.h"
#include "core/pgp/one_line.h"
#include "core/time.h"
#include "gnupg_home.h"
#include "run_mig.h"

namespace mig::test {
namespace {

constexpr const char* kUnsigned = R"({
  "name": "find a file",
  "target": "status='online'",
  "operations": [
    {"module": "file", "parameters": {"searches": {"s1": {"paths": ["/etc"], "names": ["passwd"]}}}},
    {"module": "netstat", "parameters": {"connectedip": ["10.0.0.1"]}, "want_compressed": true}
  ]
})";

// ACL giving weight 1 to each test investigator; `need` signatures required.
std::string AclNeeding(int need, const std::string& alice, const std::string& bob) {
  return R"({"default":{"minimumweight":)" + std::to_string(need) +
         R"(,"investigators":{"alice":{"fingerprint":")" + alice +
         R"(","weight":1},"bob":{"fingerprint":")" + bob + R"(","weight":1}}}})";
}

bool FileExists(const std::string& path) {
  return std::filesystem::exists(path);
}

class ActionSign : public ::testing::Test {
 protected:
  // Two investigators' keys, made once for the suite.
  static void SetUpTestSuite() {
    gpg_ = std::make_unique<GnuPGHome>();
    keys_ = std::make_unique<TempDir>("mig-action-keys");
    alice_ = gpg_->GenerateKey("Alice Test <alice@example.org>", "rsa2048");
    bob_ = gpg_->GenerateKey("Bob Test <bob@example.org>", "rsa2048");
    WriteFile(keys_->Sub("alice.sec"), gpg_->ExportSecret(alice_, /*armor=*/false));
    WriteFile(keys_->Sub("bob.sec.asc"), gpg_->ExportSecret(bob_, /*armor=*/true));
    WriteFile(keys_->Sub("alice.asc"), gpg_->ExportPublic(alice_));
    WriteFile(keys_->Sub("bob.asc"), gpg_->ExportPublic(bob_));
  }
  static void TearDownTestSuite() {
    keys_.reset();
    gpg_.reset();
  }

  std::string Key(const std::string& name) const { return Quote(keys_->Sub(name)); }
  std::string In(const std::string& name) const { return Quote(dir_.Sub(name)); }

  // Signs dir/in with the key file into dir/out; returns mig's output.
  CommandOutput SignWithKey(const std::string& in, const std::string& key, const std::string& out) {
    return Mig("action sign " + In(in) + " --key " + Key(key) + " -o " + In(out) + " 2>&1");
  }
  // Adds a signature with the key file to dir/in; the earlier signers' keys
  // come from --keyring only (the test's GnuPG home is empty).
  CommandOutput Append(const std::string& in, const std::string& key, const std::string& out) {
    return Mig("action sign --append " + In(in) + " --key " + Key(key) + " --keyring " +
                   Key("alice.asc") + " --keyring " + Key("bob.asc") + " -o " + In(out) + " 2>&1",
               "GNUPGHOME=" + Quote(dir_.Sub("empty-gnupg")));
  }
  CommandOutput Verify(const std::string& file, const std::string& extra = "") {
    return Mig("action verify " + In(file) + " --keyring " + Key("alice.asc") + " --keyring " +
               Key("bob.asc") + " " + extra + " 2>&1");
  }
  Action Read(const std::string& file) {
    auto action = ParseAction(ReadFile(dir_.Sub(file)));
    EXPECT_TRUE(action.ok()) << action.error();
    return action.ok() ? *action : Action{};
  }

  static std::unique_ptr<GnuPGHome> gpg_;
  static std::unique_ptr<TempDir> keys_;
  static std::string alice_, bob_;
  TempDir dir_{"mig-action-sign"};
};

std::unique_ptr<GnuPGHome> ActionSign::gpg_;
std::unique_ptr<TempDir> ActionSign::keys_;
std::string ActionSign::alice_, ActionSign::bob_;

TEST_F(ActionSign, KeyFileSignatureVerifiesWithGpgAndMig) {
  WriteFile(dir_.Sub("a.json"), kUnsigned);
  auto sign = SignWithKey("a.json", "alice.sec", "signed.json");
  ASSERT_EQ(sign.exit_code, 0) << sign.output;
  EXPECT_NE(sign.output.find("signed by " + alice_), std::string::npos) << sign.output;

  const Action signed_action = Read("signed.json");
  ASSERT_EQ(signed_action.pgp_signatures.size(), 1u);
  auto armor = pgp::OneLineToArmor(signed_action.pgp_signatures[0]);
  ASSERT_TRUE(armor.ok()) << armor.error();
  const auto string = MigStdoutOnly("action verify " + In("signed.json") + " --print-string", dir_);
  ASSERT_EQ(string.exit_code, 0);
  EXPECT_TRUE(gpg_->GpgVerifies(*armor, string.out));
  EXPECT_FALSE(gpg_->GpgVerifies(*armor, string.out + " "));

  auto verify = Verify("signed.json");
  EXPECT_EQ(verify.exit_code, 0) << verify.output;
  EXPECT_NE(verify.output.find("signature 1: valid, made by " + alice_ + " (Alice Test"),
            std::string::npos)
      << verify.output;
}

TEST_F(ActionSign, WritesMigsIndentedJsonToStdout) {
  WriteFile(dir_.Sub("a.json"), kUnsigned);
  const auto out =
      MigStdoutOnly("action sign " + In("a.json") + " --key " + Key("alice.sec"), dir_);
  ASSERT_EQ(out.exit_code, 0);
  auto action = ParseAction(out.out);
  ASSERT_TRUE(action.ok()) << action.error();
  EXPECT_EQ(out.out, IndentGoJson(WriteAction(*action)) + "\n");
}

TEST_F(ActionSign, FillsMissingTimesLikeMigsGenerator) {
  WriteFile(dir_.Sub("a.json"), kUnsigned);
  const Time before = Time::Now();
  ASSERT_EQ(SignWithKey("a.json", "alice.sec", "s.json").exit_code, 0);
  const Time after = Time::Now();
  const Action action = Read("s.json");
  EXPECT_GE(action.valid_from.Unix(), before.Unix() - 60);
  EXPECT_LE(action.valid_from.Unix(), after.Unix() - 60);
  EXPECT_EQ(action.expire_after.Unix(), action.valid_from.Unix() + 30 * 60);
  EXPECT_EQ(action.syntax_version, 2);
}

TEST_F(ActionSign, KeepsTimesThatArePresent) {
  std::string text = kUnsigned;
  text.insert(1, R"("validfrom":"2025-05-05T05:05:05Z","expireafter":"2034-04-04T04:04:04Z",)");
  WriteFile(dir_.Sub("a.json"), text);
  ASSERT_EQ(SignWithKey("a.json", "alice.sec", "s.json").exit_code, 0);
  const Action action = Read("s.json");
  EXPECT_EQ(FormatTime(action.valid_from), "2025-05-05T05:05:05Z");
  EXPECT_EQ(FormatTime(action.expire_after), "2034-04-04T04:04:04Z");
}

TEST_F(ActionSign, CompressesOperationsThatWantItBeforeSigning) {
  WriteFile(dir_.Sub("a.json"), kUnsigned);
  ASSERT_EQ(SignWithKey("a.json", "alice.sec", "s.json").exit_code, 0);
  const Action action = Read("s.json");
  ASSERT_TRUE(action.operations.has_value());
  const auto& file_op = (*action.operations)[0];
  const auto& netstat_op = (*action.operations)[1];
  EXPECT_FALSE(file_op.is_compressed);
  EXPECT_TRUE(netstat_op.is_compressed);
  ASSERT_TRUE(netstat_op.parameters.is_string());
  auto params = DecompressParameters(netstat_op.parameters.get<std::string>());
  ASSERT_TRUE(params.ok()) << params.error();
  EXPECT_EQ(GoJsonEncode(*params), R"({"connectedip":["10.0.0.1"]})");
  EXPECT_EQ(Verify("s.json").exit_code, 0);
}

TEST_F(ActionSign, SecondSignerAppendsAndBothCount) {
  WriteFile(dir_.Sub("a.json"), kUnsigned);
  WriteFile(dir_.Sub("acl2.json"), AclNeeding(2, alice_, bob_));
  ASSERT_EQ(SignWithKey("a.json", "alice.sec", "one.json").exit_code, 0);
  auto verify_one = Verify("one.json", "--acl " + In("acl2.json"));
  EXPECT_EQ(verify_one.exit_code, 1) << verify_one.output;
  EXPECT_NE(verify_one.output.find("need 2, got 1"), std::string::npos) << verify_one.output;

  auto second = Append("one.json", "bob.sec.asc", "two.json");
  ASSERT_EQ(second.exit_code, 0) << second.output;
  const Action one = Read("one.json"), two = Read("two.json");
  ASSERT_EQ(two.pgp_signatures.size(), 2u);
  EXPECT_EQ(two.pgp_signatures[0], one.pgp_signatures[0]);
  EXPECT_EQ(two.valid_from, one.valid_from);
  auto verify_two = Verify("two.json", "--acl " + In("acl2.json"));
  EXPECT_EQ(verify_two.exit_code, 0) << verify_two.output;
  EXPECT_NE(verify_two.output.find("signature 2: valid, made by " + bob_), std::string::npos);
}

TEST_F(ActionSign, RefusesTheSameSignerTwice) {
  WriteFile(dir_.Sub("a.json"), kUnsigned);
  ASSERT_EQ(SignWithKey("a.json", "alice.sec", "one.json").exit_code, 0);
  auto again = Append("one.json", "alice.sec", "two.json");
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.output.find("already made signature 1"), std::string::npos) << again.output;
  EXPECT_FALSE(FileExists(dir_.Sub("two.json")));
}

TEST_F(ActionSign, ASignedFileIsSignedAgainOnlyWithAppend) {
  WriteFile(dir_.Sub("a.json"), kUnsigned);
  ASSERT_EQ(SignWithKey("a.json", "alice.sec", "one.json").exit_code, 0);
  auto plain = SignWithKey("one.json", "bob.sec.asc", "two.json");
  EXPECT_EQ(plain.exit_code, 2);
  EXPECT_NE(plain.output.find("already signed (1 signature); to add yours, use mig action sign "
                              "--append"),
            std::string::npos)
      << plain.output;
  // And --append wants a signed file.
  Action unsigned_action = Read("one.json");
  unsigned_action.pgp_signatures.clear();
  WriteFile(dir_.Sub("none.json"), WriteAction(unsigned_action));
  auto nothing = Append("none.json", "bob.sec.asc", "x.json");
  EXPECT_EQ(nothing.exit_code, 2);
  EXPECT_NE(nothing.output.find("has no signature to append to"), std::string::npos)
      << nothing.output;
}

TEST_F(ActionSign, AppendKeepsTheActionByteForByteButTheNewSignature) {
  WriteFile(dir_.Sub("a.json"), kUnsigned);
  ASSERT_EQ(SignWithKey("a.json", "alice.sec", "one.json").exit_code, 0);
  ASSERT_EQ(Append("one.json", "bob.sec.asc", "two.json").exit_code, 0);
  Action one = Read("one.json"), two = Read("two.json");
  ASSERT_EQ(two.pgp_signatures.size(), 2u);
  two.pgp_signatures.pop_back();
  EXPECT_EQ(WriteAction(two), WriteAction(one));
}

TEST_F(ActionSign, AppendRefusesAnActionChangedAfterTheFirstSignature) {
  WriteFile(dir_.Sub("a.json"), kUnsigned);
  ASSERT_EQ(SignWithKey("a.json", "alice.sec", "one.json").exit_code, 0);
  for (const auto& [from, to] : {std::pair{"passwd", "shadow"}, {"find a file", "find a fil"}}) {
    std::string text = ReadFile(dir_.Sub("one.json"));
    const size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos);
    text.replace(at, std::string(from).size(), to);
    WriteFile(dir_.Sub("t.json"), text);
    auto append = Append("t.json", "bob.sec.asc", "two.json");
    EXPECT_EQ(append.exit_code, 1) << append.output;
    EXPECT_NE(append.output.find("signature 1 (by " + alice_ +
                                 ") does not verify over the action as it is now"),
              std::string::npos)
        << append.output;
    EXPECT_FALSE(FileExists(dir_.Sub("two.json")));
  }
}

TEST_F(ActionSign, AppendRefusesAnEarlierSignatureItCannotCheck) {
  WriteFile(dir_.Sub("a.json"), kUnsigned);
  ASSERT_EQ(SignWithKey("a.json", "alice.sec", "one.json").exit_code, 0);
  // Neither --keyring nor a GnuPG holding Alice's public key.
  auto append = Mig("action sign --append " + In("one.json") + " --key " + Key("bob.sec.asc") +
                        " -o " + In("two.json") + " 2>&1",
                    "GNUPGHOME=" + Quote(dir_.Sub("empty-gnupg")));
  EXPECT_EQ(append.exit_code, 1) << append.output;
  EXPECT_NE(append.output.find("signature 1 (by " + alice_ + ") cannot be checked"),
            std::string::npos)
      << append.output;
  EXPECT_FALSE(FileExists(dir_.Sub("two.json")));
}

TEST_F(ActionSign, WeighSaysWhatWeightEachOperationLacks) {
  WriteFile(dir_.Sub("a.json"), kUnsigned);
  WriteFile(dir_.Sub("acl2.json"), AclNeeding(2, alice_, bob_));
  ASSERT_EQ(SignWithKey("a.json", "alice.sec", "one.json").exit_code, 0);
  const std::string keys = " --keyring " + Key("alice.asc") + " --keyring " + Key("bob.asc");
  auto one = Mig("action weigh " + In("one.json") + " --acl " + In("acl2.json") + keys + " 2>&1",
                 "HOME=" + Quote(dir_.path()));
  EXPECT_EQ(one.exit_code, 1) << one.output;
  EXPECT_NE(one.output.find("operation 1 (file, investigate): 1 valid signature, weight 1 of 2 "
                            "needed (ACL entry default), lacks 1"),
            std::string::npos)
      << one.output;
  ASSERT_EQ(Append("one.json", "bob.sec.asc", "two.json").exit_code, 0);
  auto two = Mig("action weigh " + In("two.json") + " --acl " + In("acl2.json") + keys + " 2>&1",
                 "HOME=" + Quote(dir_.path()));
  EXPECT_EQ(two.exit_code, 0) << two.output;
  EXPECT_NE(two.output.find("operation 2 (netstat, investigate): 2 valid signatures, weight 2 of "
                            "2 needed (ACL entry default), enough"),
            std::string::npos)
      << two.output;
  // Without an ACL: the count only, and who decides.
  auto no_acl =
      Mig("action weigh " + In("two.json") + keys + " 2>&1", "HOME=" + Quote(dir_.path()));
  EXPECT_EQ(no_acl.exit_code, 0) << no_acl.output;
  EXPECT_NE(no_acl.output.find("the agents' ACL decides"), std::string::npos) << no_acl.output;
  EXPECT_NE(no_acl.output.find("operation 1 (file, investigate): 2 valid signatures\n"),
            std::string::npos)
      << no_acl.output;
  // The migrc's [agents] acl is the default ACL.
  WriteFile(dir_.Sub(".migrc"), "[api]\nurl = \"http://127.0.0.1:1/api/v1/\"\n[agents]\nacl = \"" +
                                    dir_.Sub("acl2.json") + "\"\n");
  auto rc = Mig("action weigh " + In("one.json") + keys + " 2>&1", "HOME=" + Quote(dir_.path()));
  EXPECT_EQ(rc.exit_code, 1) << rc.output;
  EXPECT_NE(rc.output.find("lacks 1"), std::string::npos) << rc.output;
}

TEST_F(ActionSign, WeighRefusesBadInput) {
  WriteFile(dir_.Sub("bad-acl.json"), R"({"default":{"minimumweight":"two"}})");
  WriteFile(dir_.Sub("a.json"), kUnsigned);
  ASSERT_EQ(SignWithKey("a.json", "alice.sec", "one.json").exit_code, 0);
  auto acl = Mig("action weigh " + In("one.json") + " --acl " + In("bad-acl.json") + " 2>&1",
                 "HOME=" + Quote(dir_.path()));
  EXPECT_EQ(acl.exit_code, 2) << acl.output;
  EXPECT_NE(acl.output.find("not a valid ACL"), std::string::npos) << acl.output;
  WriteFile(dir_.Sub("junk.json"), std::string(100000, '['));
  auto junk = Mig("action weigh " + In("junk.json") + " 2>&1", "HOME=" + Quote(dir_.path()));
  EXPECT_EQ(junk.exit_code, 2) << junk.output;
  // A signature that names no readable key is reported, not trusted.
  Action action = Read("one.json");
  action.pgp_signatures.push_back("garbage=AAAA");
  WriteFile(dir_.Sub("g.json"), WriteAction(action));
  auto garbage = Mig("action weigh " + In("g.json") + " --keyring " + Key("alice.asc") + " 2>&1",
                     "HOME=" + Quote(dir_.path()));
  EXPECT_EQ(garbage.exit_code, 1) << garbage.output;
  EXPECT_NE(garbage.output.find("signature 2: NOT valid"), std::string::npos) << garbage.output;
  EXPECT_NE(garbage.output.find("1 valid signature"), std::string::npos) << garbage.output;
}

TEST_F(ActionSign, GnuPGSignsWithTheChosenKey) {
  WriteFile(dir_.Sub("a.json"), kUnsigned);
  const std::string env = "GNUPGHOME=" + Quote(gpg_->path());
  auto sign = Mig(
      "action sign " + In("a.json") + " --fingerprint " + bob_ + " -o " + In("s.json") + " 2>&1",
      env);
  ASSERT_EQ(sign.exit_code, 0) << sign.output;
  auto verify = Verify("s.json");
  EXPECT_EQ(verify.exit_code, 0) << verify.output;
  EXPECT_NE(verify.output.find("signature 1: valid, made by " + bob_), std::string::npos)
      << verify.output;
  // Alice adds hers through GnuPG too, with --gnupg-home instead of the variable.
  auto second =
      Mig("action sign --append " + In("s.json") + " --gnupg-home " + Quote(gpg_->path()) +
          " --fingerprint " + alice_ + " -o " + In("s2.json") + " 2>&1");
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_EQ(Read("s2.json").pgp_signatures.size(), 2u);
  EXPECT_EQ(Verify("s2.json").exit_code, 0);
}

TEST_F(ActionSign, GnuPGWithUnknownFingerprintFails) {
  WriteFile(dir_.Sub("a.json"), kUnsigned);
  auto sign =
      Mig("action sign " + In("a.json") + " --fingerprint " + std::string(40, 'A') + " 2>&1",
          "GNUPGHOME=" + Quote(gpg_->path()));
  EXPECT_EQ(sign.exit_code, 1) << sign.output;
  EXPECT_NE(sign.output.find("signing failed"), std::string::npos) << sign.output;
}

TEST_F(ActionSign, KeyFileWithSeveralKeysTakesTheChosenOne) {
  WriteFile(dir_.Sub("a.json"), kUnsigned);
  WriteFile(dir_.Sub("both.sec"),
            ReadFile(keys_->Sub("alice.sec")) + gpg_->ExportSecret(bob_, /*armor=*/false));
  auto sign = Mig("action sign " + In("a.json") + " --key " + In("both.sec") + " --fingerprint " +
                  bob_ + " -o " + In("s.json") + " 2>&1");
  ASSERT_EQ(sign.exit_code, 0) << sign.output;
  EXPECT_NE(Verify("s.json").output.find("made by " + bob_), std::string::npos);
}

TEST_F(ActionSign, ProtectedKeyFileNeedsItsPassphrase) {
  const std::string gpg = "gpg --homedir " + Quote(gpg_->path()) +
                          " --batch --yes --pinentry-mode loopback --passphrase 'open sesame' ";
  ASSERT_EQ(RunShell(gpg + "--quick-gen-key 'Carol Test <carol@example.org>' rsa2048 sign never")
                .exit_code,
            0);
  ASSERT_EQ(
      RunShell(gpg + "--output " + In("carol.sec") + " --export-secret-keys carol@example.org")
          .exit_code,
      0);
  WriteFile(dir_.Sub("a.json"), kUnsigned);
  WriteFile(dir_.Sub("right.txt"), "open sesame\n");
  WriteFile(dir_.Sub("wrong.txt"), "open barley\n");
  const std::string sign = "action sign " + In("a.json") + " --key " + In("carol.sec");
  auto none = Mig(sign + " 2>&1");
  EXPECT_EQ(none.exit_code, 1) << none.output;
  auto wrong = Mig(sign + " --passphrase-file " + In("wrong.txt") + " 2>&1");
  EXPECT_EQ(wrong.exit_code, 1) << wrong.output;
  EXPECT_NE(wrong.output.find("signing failed"), std::string::npos) << wrong.output;
  auto right =
      Mig(sign + " --passphrase-file " + In("right.txt") + " -o " + In("s.json") + " 2>&1");
  EXPECT_EQ(right.exit_code, 0) << right.output;
  EXPECT_EQ(Read("s.json").pgp_signatures.size(), 1u);
}

TEST_F(ActionSign, TamperedAfterSigningIsRejected) {
  WriteFile(dir_.Sub("a.json"), kUnsigned);
  ASSERT_EQ(SignWithKey("a.json", "alice.sec", "s.json").exit_code, 0);
  std::string text = ReadFile(dir_.Sub("s.json"));
  const size_t at = text.find("passwd");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 6, "shadow");
  WriteFile(dir_.Sub("t.json"), text);
  auto verify = Verify("t.json");
  EXPECT_EQ(verify.exit_code, 1);
  EXPECT_NE(verify.output.find("signature 1: NOT valid (bad signature)"), std::string::npos)
      << verify.output;
  EXPECT_NE(verify.output.find("verdict: NOT valid"), std::string::npos);
}

}  // namespace
}  // namespace mig::test
