#include "core/pgp/verify.h"

#include <algorithm>
#include <cctype>

#include "core/pgp/one_line.h"
#include "core/pgp/rnp_handles.h"
#include "core/pgp/signature_packet.h"

namespace mig::pgp {
namespace {

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

SignatureCheck Fail(SignatureError error, std::string message) {
  SignatureCheck check;
  check.error = error;
  check.message = std::move(message);
  return check;
}

// Fills fingerprint (of the primary key) and user id from the signing key.
void DescribeSigner(rnp_ffi_t ffi, rnp_key_handle_t key, SignatureCheck& check) {
  bool primary = true;
  rnp_key_is_primary(key, &primary);
  rnp::Key primary_key;
  if (!primary) {
    char* fpr = nullptr;
    rnp_key_get_primary_fprint(key, &fpr);
    const std::string primary_fpr = rnp::TakeString(fpr);
    rnp_key_handle_t found = nullptr;
    if (!primary_fpr.empty() &&
        rnp_locate_key(ffi, "fingerprint", primary_fpr.c_str(), &found) == RNP_SUCCESS) {
      primary_key.reset(found);
    }
  }
  rnp_key_handle_t who = primary_key ? primary_key.get() : key;
  char* fpr = nullptr;
  if (rnp_key_get_fprint(who, &fpr) == RNP_SUCCESS) check.fingerprint = Upper(rnp::TakeString(fpr));
  char* uid = nullptr;
  if (rnp_key_get_primary_uid(who, &uid) == RNP_SUCCESS) check.user_id = rnp::TakeString(uid);
}

// Issuer key ID / fingerprint as written in the signature packet.
void DescribeIssuer(rnp_op_verify_signature_t sig, SignatureCheck& check) {
  rnp_signature_handle_t raw = nullptr;
  if (rnp_op_verify_signature_get_handle(sig, &raw) != RNP_SUCCESS || !raw) return;
  rnp::Signature handle(raw);
  char* keyid = nullptr;
  if (rnp_signature_get_keyid(raw, &keyid) == RNP_SUCCESS)
    check.key_id = Upper(rnp::TakeString(keyid));
  char* fpr = nullptr;
  if (rnp_signature_get_key_fprint(raw, &fpr) == RNP_SUCCESS) {
    check.fingerprint = Upper(rnp::TakeString(fpr));
  }
}

}  // namespace

std::string_view SignatureErrorName(SignatureError error) {
  switch (error) {
    case SignatureError::kNone:
      return "valid";
    case SignatureError::kBadSignature:
      return "bad signature";
    case SignatureError::kUnknownKey:
      return "unknown key";
    case SignatureError::kRevokedKey:
      return "revoked key";
    case SignatureError::kExpiredKey:
      return "expired key";
    case SignatureError::kMalformed:
      return "malformed signature";
    case SignatureError::kMissingChecksum:
      return "missing checksum line";
    case SignatureError::kUnsupported:
      return "unsupported signature";
  }
  return "unknown error";
}

SignatureCheck VerifySignature(const Keyring& keyring, std::string_view data,
                               std::string_view one_line) {
  if (one_line.find('=') == std::string_view::npos) {
    return Fail(SignatureError::kMissingChecksum,
                "signature has no checksum line (no '='): it was probably cut short");
  }
  auto packets = DecodeOneLine(one_line);
  if (!packets) return Fail(SignatureError::kMalformed, packets.error());
  auto header = ReadSignatureHeader(*packets);
  if (!header) return Fail(SignatureError::kMalformed, header.error());
  if (const std::string what = UnsupportedPart(*header); !what.empty()) {
    return Fail(SignatureError::kUnsupported, "unsupported " + what);
  }
  rnp_ffi_t ffi = keyring.ffi();
  rnp::Input data_in = rnp::MemoryInput(data);
  rnp::Input sig_in = rnp::MemoryInput(*packets);
  rnp_op_verify_t raw_op = nullptr;
  if (!ffi || !data_in || !sig_in ||
      rnp_op_verify_detached_create(&raw_op, ffi, data_in.get(), sig_in.get()) != RNP_SUCCESS) {
    return Fail(SignatureError::kMalformed, "cannot start signature verification");
  }
  rnp::VerifyOp op(raw_op);
  const rnp_result_t exec = rnp_op_verify_execute(op.get());
  size_t count = 0;
  rnp_op_verify_get_signature_count(op.get(), &count);
  if (count == 0) {
    return Fail(SignatureError::kMalformed, "signature is truncated or not an OpenPGP signature (" +
                                                rnp::ResultText(exec) + ")");
  }
  if (count > 1) {
    return Fail(SignatureError::kUnsupported,
                "one entry holds " + std::to_string(count) +
                    " signatures; MIG expects one signature per pgpsignatures entry");
  }
  rnp_op_verify_signature_t sig = nullptr;
  rnp_op_verify_get_signature_at(op.get(), 0, &sig);
  SignatureCheck check;
  DescribeIssuer(sig, check);
  rnp_key_handle_t raw_key = nullptr;
  rnp_op_verify_signature_get_key(sig, &raw_key);
  rnp::Key key(raw_key);
  if (key) DescribeSigner(ffi, key.get(), check);

  const rnp_result_t status = rnp_op_verify_signature_get_status(sig);
  if (status == RNP_ERROR_KEY_NOT_FOUND || !key) {
    check.error = SignatureError::kUnknownKey;
    check.message = "signature made by a key that is not in the keyring (key ID " +
                    (check.key_id.empty() ? std::string("unknown") : check.key_id) + ")";
    return check;
  }
  bool revoked = false, expired = false;
  rnp_key_is_revoked(key.get(), &revoked);
  rnp_key_is_expired(key.get(), &expired);
  if (status == RNP_ERROR_SIGNATURE_UNKNOWN) {
    check.error = SignatureError::kUnsupported;
    check.message = "signature uses an algorithm or format that cannot be checked";
  } else if (status != RNP_SUCCESS && status != RNP_ERROR_SIGNATURE_EXPIRED && !revoked &&
             !expired) {
    check.error = SignatureError::kBadSignature;
    check.message = "bad signature: the signed data or the signature was changed after signing";
  } else if (revoked) {
    check.error = SignatureError::kRevokedKey;
    check.message = "the signer's key " + check.fingerprint + " is revoked";
  } else if (expired) {
    check.error = SignatureError::kExpiredKey;
    check.message = "the signer's key " + check.fingerprint + " has expired";
  } else if (status == RNP_ERROR_SIGNATURE_EXPIRED) {
    check.error = SignatureError::kExpiredKey;
    check.message = "the signature has expired";
  }
  return check;
}

}  // namespace mig::pgp
