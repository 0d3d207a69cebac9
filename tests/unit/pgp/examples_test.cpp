// Every signed example of spec/examples checked against MIG's own verdicts.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/pgp/one_line.h"
#include "core/pgp/verify.h"
#include "test_env.h"

namespace mig::pgp {
namespace {

std::string ExamplesDir() {
  return test::MigExamplesDir();
}

std::string Key(const std::string& name) {
  return test::ReadFile(ExamplesDir() + "/keys/" + name + ".asc");
}

// The bytes after the marker line of NAME.expected.txt.
std::string SignedString(const std::string& expected) {
  const size_t marker = expected.find("\n--- signed string");
  const size_t start = expected.find('\n', marker + 1);
  return expected.substr(start + 1);
}

std::string Field(const std::string& expected, const std::string& key) {
  const size_t at = expected.find("\n" + key + ": ");
  if (at == std::string::npos) return "";
  const size_t from = at + key.size() + 3;
  return expected.substr(from, expected.find('\n', from) - from);
}

Keyring TrustedKeyring() {
  auto ring = KeyringFromArmoredKeys({Key("alice"), Key("bob"), Key("carol")});
  EXPECT_TRUE(ring.ok()) << ring.error();
  return std::move(ring).value();
}

TEST(Examples, KeyringHoldsAliceBobCarol) {
  auto fprs = TrustedKeyring().Fingerprints();
  EXPECT_EQ(fprs.size(), 3u);
  for (const char* want :
       {"CDB0BA443D7A104AD14FA2005DAE3A312E024174", "B8B2368E3519BDE15F3F27F7EB31B4195D5279AB",
        "A0D3E7265686423E20A19A5D0A53AFB5E1589CD1"}) {
    EXPECT_NE(std::find(fprs.begin(), fprs.end(), want), fprs.end()) << want;
  }
}

TEST(Examples, ConcatenatedArmoredKeysAllLoad) {
  Keyring ring;
  ASSERT_TRUE(ring.Add(Key("alice") + Key("bob") + "\n" + Key("carol")).ok());
  EXPECT_EQ(ring.Fingerprints().size(), 3u);
}

TEST(Examples, EveEd25519KeyLoadsUnlikeMig) {
  // MIG cannot load EdDSA keys (README); we can, so our own components can use them.
  Keyring ring;
  ASSERT_TRUE(ring.Add(Key("eve")).ok());
  EXPECT_EQ(ring.Fingerprints(),
            std::vector<std::string>{"9C416C036874C548B07DDAA4B487776534508F2C"});
}

TEST(Examples, GarbageKeyIsRejected) {
  Keyring ring;
  EXPECT_FALSE(ring.Add("not a key").ok());
  EXPECT_FALSE(ring.Add("").ok());
  auto bad = KeyringFromArmoredKeys({Key("alice"), "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nxx\n"});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().find("public key 2"), std::string::npos) << bad.error();
}

class ExampleVerdict : public ::testing::TestWithParam<std::string> {};

TEST_P(ExampleVerdict, SameAsMig) {
  const std::string name = GetParam();
  const std::string expected = test::ReadFile(ExamplesDir() + "/" + name + ".expected.txt");
  const auto action = nlohmann::json::parse(test::ReadFile(ExamplesDir() + "/" + name + ".json"));
  const std::string data = SignedString(expected);
  ASSERT_EQ(std::to_string(data.size()), Field(expected, "signed_string_length"));
  const Keyring ring = TrustedKeyring();

  const std::string mig_verdict = Field(expected, "signature_verdict");
  const std::string signers = Field(expected, "signers");
  std::vector<SignatureCheck> checks;
  for (const auto& sig : action.at("pgpsignatures")) {
    checks.push_back(VerifySignature(ring, data, sig.get<std::string>()));
  }
  ASSERT_FALSE(checks.empty());
  if (mig_verdict == "valid") {
    std::string ours;
    for (const auto& c : checks) {
      EXPECT_TRUE(c.valid()) << name << ": " << c.message;
      EXPECT_FALSE(c.user_id.empty());
      ours += (ours.empty() ? "" : ",") + c.fingerprint;
    }
    // signers: "alice:FPR,bob:FPR" -> compare the fingerprints in order.
    std::string theirs;
    for (size_t at = signers.find(':'); at != std::string::npos; at = signers.find(':', at + 1)) {
      theirs += (theirs.empty() ? "" : ",") + signers.substr(at + 1, 40);
    }
    EXPECT_EQ(ours, theirs);
  } else if (mig_verdict.find("hash tag doesn't match") != std::string::npos) {
    EXPECT_EQ(checks[0].error, SignatureError::kBadSignature) << checks[0].message;
    EXPECT_EQ(checks[0].fingerprint, "CDB0BA443D7A104AD14FA2005DAE3A312E024174");
  } else if (mig_verdict.find("unknown entity") != std::string::npos) {
    EXPECT_EQ(checks[0].error, SignatureError::kUnknownKey) << checks[0].message;
    EXPECT_EQ(checks[0].key_id, "7B15A26C383814F5");  // Mallory's key ID
  } else {
    FAIL() << "verdict not handled by this test: " << mig_verdict;
  }
}

INSTANTIATE_TEST_SUITE_P(All, ExampleVerdict,
                         ::testing::Values("mig-example_v2", "mig-integration_tests",
                                           "mig-linux-backdoor", "mig-scribe-glibc",
                                           "mig-shellshock_iocs", "mig-sshd_backdoor",
                                           "mallory-single", "tampered-operations"),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string n = param.param;
                           for (auto& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

TEST(Examples, MalloryVerifiesOnceHerKeyIsAdded) {
  const std::string expected = test::ReadFile(ExamplesDir() + "/mallory-single.expected.txt");
  const auto action = nlohmann::json::parse(test::ReadFile(ExamplesDir() + "/mallory-single.json"));
  Keyring ring = TrustedKeyring();
  ASSERT_TRUE(ring.Add(Key("mallory")).ok());
  auto check =
      VerifySignature(ring, SignedString(expected), action["pgpsignatures"][0].get<std::string>());
  EXPECT_TRUE(check.valid()) << check.message;
  EXPECT_EQ(check.fingerprint, "F547650D2554CF7DA14C05637B15A26C383814F5");
}

TEST(Examples, WrongAndMissingChecksumStillVerifyLikeMig) {
  const std::string expected = test::ReadFile(ExamplesDir() + "/mig-shellshock_iocs.expected.txt");
  const auto action =
      nlohmann::json::parse(test::ReadFile(ExamplesDir() + "/mig-shellshock_iocs.json"));
  const std::string sig = action["pgpsignatures"][0].get<std::string>();
  const std::string data = SignedString(expected);
  const Keyring ring = TrustedKeyring();
  const size_t crc = sig.rfind('=');
  EXPECT_TRUE(VerifySignature(ring, data, sig.substr(0, crc) + "=AAAA").valid());
  // Without the checksum line the body's own padding is the last '='.
  const std::string body = sig.substr(0, crc);
  if (body.back() == '=') {
    EXPECT_TRUE(VerifySignature(ring, data, body).valid());
  }
  EXPECT_EQ(VerifySignature(ring, data, body.substr(0, body.find('='))).error,
            SignatureError::kMissingChecksum);
}

}  // namespace
}  // namespace mig::pgp

namespace mig::pgp {
namespace {

// Alice's signature with one header byte changed: byte 3 is the packet
// version, 4 the signature type, 5 the public key algorithm, 6 the hash.
SignatureCheck VerifyAliceWithByte(size_t offset, char value) {
  const std::string dir = test::MigExamplesDir() + "/";
  const auto action = nlohmann::json::parse(test::ReadFile(dir + "mig-shellshock_iocs.json"));
  auto packets = DecodeOneLine(action["pgpsignatures"][0].get<std::string>());
  EXPECT_TRUE(packets.ok());
  std::string changed = *packets;
  EXPECT_EQ(changed.substr(3, 4), std::string("\x04\x00\x01\x08", 4));
  changed[offset] = value;
  Keyring ring;
  EXPECT_TRUE(ring.Add(test::ReadFile(dir + "keys/alice.asc")).ok());
  return VerifySignature(ring,
                         SignedString(test::ReadFile(dir + "mig-shellshock_iocs.expected.txt")),
                         EncodeOneLine(changed));
}

TEST(Unsupported, EachUnknownHeaderFieldIsNamed) {
  const struct {
    size_t offset;
    char value;
    const char* named;
  } cases[] = {{3, 5, "version 5"},
               {4, 0x13, "signature type 19"},
               {5, 99, "public key algorithm 99"},
               {6, 99, "hash algorithm 99"}};
  for (const auto& c : cases) {
    auto check = VerifyAliceWithByte(c.offset, c.value);
    EXPECT_EQ(check.error, SignatureError::kUnsupported) << c.named;
    EXPECT_NE(check.message.find(c.named), std::string::npos) << check.message;
  }
}

TEST(Unsupported, ChangedKnownHashIsBadSignatureNotUnsupported) {
  auto check = VerifyAliceWithByte(6, 10);  // SHA-512 instead of SHA-256
  EXPECT_EQ(check.error, SignatureError::kBadSignature) << check.message;
}

}  // namespace
}  // namespace mig::pgp
