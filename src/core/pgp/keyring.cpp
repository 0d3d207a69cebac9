#include "core/pgp/keyring.h"

#include <nlohmann/json.hpp>

#include "core/pgp/rnp_handles.h"

namespace mig::pgp {

struct Keyring::Impl {
  rnp::Ffi ffi = rnp::NewFfi();
};

Keyring::Keyring() : impl_(std::make_unique<Impl>()) {}
Keyring::~Keyring() = default;
Keyring::Keyring(Keyring&&) noexcept = default;
Keyring& Keyring::operator=(Keyring&&) noexcept = default;

rnp_ffi_st* Keyring::ffi() const {
  return impl_->ffi.get();
}

Status Keyring::Add(std::string_view keys) {
  if (!impl_->ffi) return Status::Error("cannot initialise the OpenPGP library (librnp)");
  rnp::Input in = rnp::MemoryInput(keys);
  if (!in) return Status::Error("cannot read the key data");
  // One key at a time so that concatenated armored blocks all load.
  size_t imported = 0;
  for (;;) {
    char* json = nullptr;
    const rnp_result_t rc =
        rnp_import_keys(ffi(), in.get(), RNP_LOAD_SAVE_PUBLIC_KEYS | RNP_LOAD_SAVE_SINGLE, &json);
    const std::string report = rnp::TakeString(json);
    if (rc == RNP_ERROR_EOF) break;
    if (rc != RNP_SUCCESS) {
      if (imported > 0) break;  // trailing text after the last key block
      return Status::Error("not an OpenPGP public key (" + rnp::ResultText(rc) +
                           "); expected the output of `gpg --armor --export`");
    }
    const auto parsed = nlohmann::json::parse(report, nullptr, false);
    if (parsed.is_object() && parsed.contains("keys")) imported += parsed["keys"].size();
  }
  if (imported == 0) return Status::Error("no OpenPGP public key found in the key data");
  return Status::Ok();
}

std::vector<std::string> Keyring::Fingerprints() const {
  std::vector<std::string> out;
  rnp_identifier_iterator_t raw = nullptr;
  if (rnp_identifier_iterator_create(ffi(), &raw, "fingerprint") != RNP_SUCCESS) return out;
  rnp::Iterator it(raw);
  const char* fpr = nullptr;
  while (rnp_identifier_iterator_next(it.get(), &fpr) == RNP_SUCCESS && fpr) {
    rnp_key_handle_t key = nullptr;
    if (rnp_locate_key(ffi(), "fingerprint", fpr, &key) != RNP_SUCCESS || !key) continue;
    rnp::Key owned(key);
    bool primary = false;
    if (rnp_key_is_primary(key, &primary) == RNP_SUCCESS && primary) out.emplace_back(fpr);
  }
  return out;
}

Result<Keyring> KeyringFromArmoredKeys(const std::vector<std::string>& armored_keys) {
  Keyring ring;
  for (size_t i = 0; i < armored_keys.size(); ++i) {
    Status st = ring.Add(armored_keys[i]);
    if (!st) return st.Context("public key " + std::to_string(i + 1));
  }
  return ring;
}

}  // namespace mig::pgp
