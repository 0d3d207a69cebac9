// Checking one MIG signature (a one-line detached OpenPGP signature, see
// one_line.h) over the signed string, against a Keyring.
#pragma once

#include <string>
#include <string_view>

#include "core/pgp/keyring.h"

namespace mig::pgp {

enum class SignatureError {
  kNone,             // valid
  kBadSignature,     // the data or the signature was changed after signing
  kUnknownKey,       // the signer's key is not in the keyring
  kRevokedKey,       // the signer's key is revoked
  kExpiredKey,       // the signer's key has expired
  kMalformed,        // truncated, garbage, not a signature packet
  kMissingChecksum,  // no '=' in the one-line form (cut short)
  kUnsupported,      // an algorithm or packet version we cannot check
};

// A short stable name: "valid", "bad signature", "unknown key", ...
std::string_view SignatureErrorName(SignatureError error);

struct SignatureCheck {
  SignatureError error = SignatureError::kNone;
  // Primary key fingerprint, 40 uppercase hex digits. For an unknown key it is
  // the issuer fingerprint when the signature carries one, else empty.
  std::string fingerprint;
  std::string key_id;   // issuer key ID (16 uppercase hex), when readable
  std::string user_id;  // primary user ID of the signer, when known
  std::string message;  // why it is not valid, for people; empty when valid

  bool valid() const { return error == SignatureError::kNone; }
};

// Verifies `one_line` as a detached signature over `data`. Accepts binary
// (0x00) and canonical-text (0x01) signatures, v3 and v4 packets, RSA values
// with leading zero bytes, a wrong or missing armor checksum (as MIG does).
SignatureCheck VerifySignature(const Keyring& keyring, std::string_view data,
                               std::string_view one_line);

}  // namespace mig::pgp
