// Our signer and verifier against the real gpg, both ways.
#include <gtest/gtest.h>

#include <cstdlib>

#include "core/pgp/one_line.h"
#include "core/pgp/sign.h"
#include "core/pgp/verify.h"
#include "gnupg_home.h"

namespace mig::pgp {
namespace {

const std::string kData =
    "name=interop;target=status='online';validfrom=1740009600;expireafter=%!s(int64=2055542400);"
    "operations=[{\"module\":\"file\",\"parameters\":{\"searches\":{}}}];";

class Interop : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    home_ = new test::GnuPGHome();
    rsa2048_ = home_->GenerateKey("RSA Two <rsa2048@example.net>", "rsa2048");
    rsa4096_ = home_->GenerateKey("RSA Four <rsa4096@example.net>", "rsa4096");
    ed25519_ = home_->GenerateKey("Ed <ed25519@example.net>", "ed25519");
    revoked_ = home_->GenerateKey("Revoked <revoked@example.net>", "ed25519");
    // Created in 2020 and valid one day: long expired, without waiting.
    expired_ = home_->GenerateKey("Expired <expired@example.net>", "ed25519", "1d",
                                  "--faked-system-time 20200101T000000");
    // Signatures by the two keys that go bad made while they were still good.
    revoked_sig_ = home_->DetachSign(revoked_, kData);
    expired_sig_ = home_->DetachSign(expired_, kData, "--faked-system-time 20200101T010000");
    home_->Revoke(revoked_);
  }
  static void TearDownTestSuite() {
    delete home_;
    home_ = nullptr;
  }

  static Keyring RingOf(std::initializer_list<std::string> fprs) {
    Keyring ring;
    for (const auto& fpr : fprs)
      EXPECT_TRUE(ring.Add(home_->ExportPublic(fpr)).ok()) << fpr;
    return ring;
  }

  static inline test::GnuPGHome* home_ = nullptr;
  static inline std::string rsa2048_, rsa4096_, ed25519_, revoked_, expired_;
  static inline std::string revoked_sig_, expired_sig_;
};

TEST_F(Interop, GpgSignaturesVerify) {
  const Keyring ring = RingOf({rsa2048_, rsa4096_, ed25519_});
  for (const auto& fpr : {rsa2048_, rsa4096_, ed25519_}) {
    auto check = VerifySignature(ring, kData, EncodeOneLine(home_->DetachSign(fpr, kData)));
    EXPECT_TRUE(check.valid()) << fpr << ": " << check.message;
    EXPECT_EQ(check.fingerprint, fpr);
    EXPECT_NE(check.user_id.find("@example.net"), std::string::npos) << check.user_id;
  }
}

TEST_F(Interop, GpgArmoredTextModeSignatureVerifies) {
  const Keyring ring = RingOf({rsa2048_});
  auto sig = home_->DetachSign(rsa2048_, kData, "--armor --textmode");
  auto line = ArmorToOneLine(sig);
  ASSERT_TRUE(line.ok()) << line.error();
  auto check = VerifySignature(ring, kData, *line);
  EXPECT_TRUE(check.valid()) << check.message;
}

TEST_F(Interop, KeyFileSignaturesVerifyWithGpgAndWithUs) {
  const Keyring ring = RingOf({rsa2048_, rsa4096_, ed25519_});
  for (const auto& fpr : {rsa2048_, rsa4096_, ed25519_}) {
    for (bool armor : {false, true}) {
      auto made = SignWithKeyFile(kData, home_->ExportSecret(fpr, armor));
      ASSERT_TRUE(made.ok()) << made.error();
      EXPECT_EQ(made->fingerprint, fpr);
      auto packets = DecodeOneLine(made->one_line);
      ASSERT_TRUE(packets.ok());
      EXPECT_TRUE(home_->GpgVerifies(*packets, kData)) << fpr;
      EXPECT_TRUE(VerifySignature(ring, kData, made->one_line).valid()) << fpr;
    }
  }
}

TEST_F(Interop, KeyFileSignatureIsBinaryDocumentSha256) {
  auto made = SignWithKeyFile(kData, home_->ExportSecret(rsa2048_, false));
  ASSERT_TRUE(made.ok()) << made.error();
  auto packets = DecodeOneLine(made->one_line);
  ASSERT_TRUE(packets.ok());
  const std::string file = home_->path() + "/packets.sig";
  test::WriteFile(file, *packets);
  auto dump = test::RunShell("gpg --list-packets '" + file + "' 2>&1");
  EXPECT_NE(dump.output.find("sigclass 0x00"), std::string::npos) << dump.output;
  EXPECT_NE(dump.output.find("digest algo 8"), std::string::npos) << dump.output;
}

TEST_F(Interop, KeyFileSelectsByFingerprint) {
  const std::string both =
      home_->ExportSecret(rsa2048_, true) + home_->ExportSecret(ed25519_, true);
  auto made = SignWithKeyFile(kData, both, {.passphrase = "", .fingerprint = ed25519_});
  ASSERT_TRUE(made.ok()) << made.error();
  EXPECT_EQ(made->fingerprint, ed25519_);
  auto missing = SignWithKeyFile(kData, both, {.passphrase = "", .fingerprint = rsa4096_});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().find(rsa4096_), std::string::npos);
}

TEST_F(Interop, KeyFileBadInputs) {
  auto garbage = SignWithKeyFile(kData, "this is not a key");
  ASSERT_FALSE(garbage.ok());
  EXPECT_NE(garbage.error().find("secret key"), std::string::npos) << garbage.error();
  auto public_only = SignWithKeyFile(kData, home_->ExportPublic(rsa2048_));
  ASSERT_FALSE(public_only.ok());
  EXPECT_NE(public_only.error().find("no usable signing key"), std::string::npos)
      << public_only.error();
}

TEST_F(Interop, ProtectedKeyNeedsItsPassphrase) {
  test::GnuPGHome other;
  auto gen =
      other.Gpg("--passphrase s3cret --quick-gen-key 'Prot <p@example.net>' ed25519 sign never");
  ASSERT_EQ(gen.exit_code, 0) << gen.output;
  const std::string file = other.path() + "/secret.asc";
  auto exp = test::RunShell("gpg --homedir '" + other.path() +
                            "' --batch --pinentry-mode loopback --passphrase s3cret --armor "
                            "--export-secret-keys > '" +
                            file + "'");
  ASSERT_EQ(exp.exit_code, 0) << exp.output;
  const std::string key = test::ReadFile(file);
  auto none = SignWithKeyFile(kData, key);
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().find("passphrase"), std::string::npos) << none.error();
  auto wrong = SignWithKeyFile(kData, key, {.passphrase = "nope", .fingerprint = ""});
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().find("wrong passphrase"), std::string::npos) << wrong.error();
  auto right = SignWithKeyFile(kData, key, {.passphrase = "s3cret", .fingerprint = ""});
  ASSERT_TRUE(right.ok()) << right.error();
}

TEST_F(Interop, GnuPGSignsThroughGpgme) {
  const Keyring ring = RingOf({rsa2048_, ed25519_});
  for (const auto& fpr : {rsa2048_, ed25519_}) {
    auto made = SignWithGnuPG(kData, {.fingerprint = fpr, .home = home_->path(), .passphrase = ""});
    ASSERT_TRUE(made.ok()) << made.error();
    EXPECT_EQ(made->fingerprint, fpr);
    auto check = VerifySignature(ring, kData, made->one_line);
    EXPECT_TRUE(check.valid()) << check.message;
    auto packets = DecodeOneLine(made->one_line);
    ASSERT_TRUE(packets.ok());
    EXPECT_TRUE(home_->GpgVerifies(*packets, kData));
  }
}

TEST_F(Interop, GnuPGHomeFromEnvironmentAndDefaultKey) {
  test::GnuPGHome single;
  const std::string fpr = single.GenerateKey("Solo <solo@example.net>", "ed25519");
  const char* old = std::getenv("GNUPGHOME");
  const std::string saved = old ? old : "";
  setenv("GNUPGHOME", single.path().c_str(), 1);
  auto made = SignWithGnuPG(kData);
  if (old)
    setenv("GNUPGHOME", saved.c_str(), 1);
  else
    unsetenv("GNUPGHOME");
  ASSERT_TRUE(made.ok()) << made.error();
  EXPECT_EQ(made->fingerprint, fpr);
}

TEST_F(Interop, GnuPGUnknownKeyIsAnError) {
  auto made = SignWithGnuPG(
      kData, {.fingerprint = std::string(40, 'A'), .home = home_->path(), .passphrase = ""});
  ASSERT_FALSE(made.ok());
  EXPECT_NE(made.error().find(std::string(40, 'A')), std::string::npos) << made.error();
}

TEST_F(Interop, TamperedDataIsBadSignature) {
  const Keyring ring = RingOf({rsa2048_});
  const std::string line = EncodeOneLine(home_->DetachSign(rsa2048_, kData));
  auto check = VerifySignature(ring, kData + " ", line);
  EXPECT_EQ(check.error, SignatureError::kBadSignature) << check.message;
  EXPECT_EQ(check.fingerprint, rsa2048_);
}

TEST_F(Interop, UnknownKey) {
  const Keyring ring = RingOf({rsa4096_});
  auto check = VerifySignature(ring, kData, EncodeOneLine(home_->DetachSign(rsa2048_, kData)));
  EXPECT_EQ(check.error, SignatureError::kUnknownKey) << check.message;
  EXPECT_EQ(check.fingerprint, rsa2048_);  // GnuPG writes the issuer fingerprint
  EXPECT_EQ(check.key_id, rsa2048_.substr(24));
}

TEST_F(Interop, RevokedKey) {
  const Keyring ring = RingOf({revoked_});
  auto check = VerifySignature(ring, kData, EncodeOneLine(revoked_sig_));
  EXPECT_EQ(check.error, SignatureError::kRevokedKey) << check.message;
  EXPECT_EQ(check.fingerprint, revoked_);
}

TEST_F(Interop, ExpiredKey) {
  const Keyring ring = RingOf({expired_});
  auto check = VerifySignature(ring, kData, EncodeOneLine(expired_sig_));
  EXPECT_EQ(check.error, SignatureError::kExpiredKey) << check.message;
  EXPECT_EQ(check.fingerprint, expired_);
}

TEST_F(Interop, TruncatedGarbageAndMissingChecksum) {
  const Keyring ring = RingOf({rsa2048_});
  const std::string line = EncodeOneLine(home_->DetachSign(rsa2048_, kData));
  const std::string body = line.substr(0, line.rfind('='));
  // Cut in the middle, checksum kept.
  auto truncated =
      VerifySignature(ring, kData, body.substr(0, body.size() / 2) + line.substr(line.rfind('=')));
  EXPECT_EQ(truncated.error, SignatureError::kMalformed) << truncated.message;
  auto no_checksum = VerifySignature(ring, kData, body.substr(0, 100));
  EXPECT_EQ(no_checksum.error, SignatureError::kMissingChecksum) << no_checksum.message;
  auto garbage = VerifySignature(ring, kData, "SGVsbG8gd29ybGQh=abcd");
  EXPECT_EQ(garbage.error, SignatureError::kMalformed) << garbage.message;
  auto not_base64 = VerifySignature(ring, kData, "!!!!=abcd");
  EXPECT_EQ(not_base64.error, SignatureError::kMalformed) << not_base64.message;
  auto a_key = VerifySignature(ring, kData, EncodeOneLine(std::string("\x99\x00\x01\x04", 4)));
  EXPECT_EQ(a_key.error, SignatureError::kMalformed) << a_key.message;
}

}  // namespace
}  // namespace mig::pgp

namespace mig::pgp {
namespace {

// Bit count of the RSA value MPI of a v4 signature packet (our signer's output).
int SignatureValueBits(const std::string& packet) {
  auto byte = [&](size_t i) { return static_cast<uint8_t>(packet.at(i)); };
  size_t pos = 1;  // after the tag byte
  if (byte(0) == 0xc2) {
    const uint8_t first = byte(pos);
    pos += first < 192 ? 1 : first < 224 ? 2 : 5;
  } else {
    pos += 1u << (byte(0) & 3);  // old format: 1, 2 or 4 length bytes
  }
  pos += 4;                                     // version, type, public key and hash algorithms
  pos += 2 + (byte(pos) << 8 | byte(pos + 1));  // hashed subpackets
  pos += 2 + (byte(pos) << 8 | byte(pos + 1));  // unhashed subpackets
  pos += 2;                                     // left 16 bits of the hash
  return byte(pos) << 8 | byte(pos + 1);
}

// About 1 in 256 RSA signatures has a value with a leading zero byte; MIG
// rejects those (protocol.md 3.4), GnuPG and we accept them.
TEST_F(Interop, RsaValueWithLeadingZeroByteVerifies) {
  const std::string key = home_->ExportSecret(rsa2048_, false);
  const Keyring ring = RingOf({rsa2048_});
  std::string found;
  for (int i = 0; i < 4000 && found.empty(); ++i) {
    auto made = SignWithKeyFile(kData + std::to_string(i), key);
    ASSERT_TRUE(made.ok()) << made.error();
    auto packets = DecodeOneLine(made->one_line);
    ASSERT_TRUE(packets.ok());
    if (SignatureValueBits(*packets) <= 2040) {
      found = kData + std::to_string(i);
      auto check = VerifySignature(ring, found, made->one_line);
      EXPECT_TRUE(check.valid()) << check.message;
      EXPECT_TRUE(home_->GpgVerifies(*packets, found));
    }
  }
  EXPECT_FALSE(found.empty()) << "no signature with a leading zero byte in 4000 tries";
}

}  // namespace
}  // namespace mig::pgp
