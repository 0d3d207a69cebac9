#include <algorithm>
#include <cctype>
#include <vector>

#include "core/pgp/one_line.h"
#include "core/pgp/rnp_handles.h"
#include "core/pgp/sign.h"

namespace mig::pgp {
namespace {

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

bool CanSign(rnp_key_handle_t key) {
  bool secret = false, usable = false, revoked = false, expired = false;
  rnp_key_have_secret(key, &secret);
  rnp_key_allows_usage(key, "sign", &usable);
  rnp_key_is_revoked(key, &revoked);
  rnp_key_is_expired(key, &expired);
  return secret && usable && !revoked && !expired;
}

rnp::Key Locate(rnp_ffi_t ffi, const std::string& fingerprint) {
  rnp_key_handle_t key = nullptr;
  if (rnp_locate_key(ffi, "fingerprint", fingerprint.c_str(), &key) != RNP_SUCCESS) return nullptr;
  return rnp::Key(key);
}

std::vector<std::string> PrimaryFingerprints(rnp_ffi_t ffi) {
  std::vector<std::string> out;
  rnp_identifier_iterator_t raw = nullptr;
  if (rnp_identifier_iterator_create(ffi, &raw, "fingerprint") != RNP_SUCCESS) return out;
  rnp::Iterator it(raw);
  const char* fpr = nullptr;
  while (rnp_identifier_iterator_next(it.get(), &fpr) == RNP_SUCCESS && fpr) {
    rnp::Key key = Locate(ffi, fpr);
    bool primary = false;
    if (key && rnp_key_is_primary(key.get(), &primary) == RNP_SUCCESS && primary) {
      out.emplace_back(Upper(fpr));
    }
  }
  return out;
}

// The primary key itself when it can sign, else its first signing subkey.
rnp::Key SigningKeyOf(rnp_ffi_t ffi, const std::string& primary_fpr) {
  rnp::Key primary = Locate(ffi, primary_fpr);
  if (!primary) return nullptr;
  if (CanSign(primary.get())) return primary;
  size_t count = 0;
  rnp_key_get_subkey_count(primary.get(), &count);
  for (size_t i = 0; i < count; ++i) {
    rnp_key_handle_t sub = nullptr;
    if (rnp_key_get_subkey_at(primary.get(), i, &sub) != RNP_SUCCESS) continue;
    rnp::Key owned(sub);
    if (CanSign(owned.get())) return owned;
  }
  return nullptr;
}

Status Unlock(rnp_key_handle_t key, const std::string& passphrase) {
  bool is_protected = false;
  rnp_key_is_protected(key, &is_protected);
  if (!is_protected) return Status::Ok();
  if (passphrase.empty()) {
    return Status::Error(
        "the secret key is protected by a passphrase; give it (--passphrase-file)");
  }
  if (rnp_key_unlock(key, passphrase.c_str()) != RNP_SUCCESS) {
    return Status::Error("wrong passphrase for the secret key");
  }
  return Status::Ok();
}

}  // namespace

Result<MadeSignature> SignWithKeyFile(std::string_view data, std::string_view secret_key,
                                      const KeyFileOptions& options) {
  rnp::Ffi ffi = rnp::NewFfi();
  rnp::Input keys = rnp::MemoryInput(secret_key);
  if (!ffi || !keys) return Status::Error("cannot initialise the OpenPGP library (librnp)");
  const rnp_result_t rc = rnp_import_keys(
      ffi.get(), keys.get(), RNP_LOAD_SAVE_PUBLIC_KEYS | RNP_LOAD_SAVE_SECRET_KEYS, nullptr);
  if (rc != RNP_SUCCESS) {
    return Status::Error("cannot read the secret key (" + rnp::ResultText(rc) +
                         "); expected the output of `gpg --export-secret-keys`");
  }
  std::vector<std::string> candidates = PrimaryFingerprints(ffi.get());
  if (!options.fingerprint.empty()) {
    const std::string wanted = Upper(options.fingerprint);
    if (std::find(candidates.begin(), candidates.end(), wanted) == candidates.end()) {
      return Status::Error("no key with fingerprint " + wanted + " in the secret key file");
    }
    candidates = {wanted};
  }
  MadeSignature made;
  rnp::Key key;
  for (const auto& fpr : candidates) {
    key = SigningKeyOf(ffi.get(), fpr);
    if (key) {
      made.fingerprint = fpr;
      break;
    }
  }
  if (!key) {
    return Status::Error(
        "no usable signing key in the secret key file (secret part missing, revoked or expired)");
  }
  if (Status st = Unlock(key.get(), options.passphrase); !st) return st;

  rnp::Input in = rnp::MemoryInput(data);
  rnp_output_t raw_out = nullptr;
  rnp_output_to_memory(&raw_out, 0);
  rnp::Output out(raw_out);
  rnp_op_sign_t raw_op = nullptr;
  if (!in || !out ||
      rnp_op_sign_detached_create(&raw_op, ffi.get(), in.get(), out.get()) != RNP_SUCCESS) {
    return Status::Error("cannot start signing");
  }
  rnp::SignOp op(raw_op);
  rnp_op_sign_signature_t sig = nullptr;
  rnp_op_sign_set_armor(op.get(), false);
  rnp_op_sign_set_hash(op.get(), "SHA256");
  if (rnp_op_sign_add_signature(op.get(), key.get(), &sig) != RNP_SUCCESS) {
    return Status::Error("the key " + made.fingerprint + " cannot make signatures");
  }
  if (const rnp_result_t exec = rnp_op_sign_execute(op.get()); exec != RNP_SUCCESS) {
    return Status::Error("signing failed: " + rnp::ResultText(exec));
  }
  uint8_t* buf = nullptr;
  size_t len = 0;
  if (rnp_output_memory_get_buf(out.get(), &buf, &len, false) != RNP_SUCCESS || len == 0) {
    return Status::Error("signing produced no output");
  }
  made.one_line = EncodeOneLine(std::string_view(reinterpret_cast<const char*>(buf), len));
  rnp_key_lock(key.get());
  return made;
}

}  // namespace mig::pgp
