// A set of trusted OpenPGP public keys (investigators), as the agent and the
// API hold them: built from armored keys the way `gpg --armor --export`
// writes them, several keys possibly concatenated in one text.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

struct rnp_ffi_st;

namespace mig::pgp {

class Keyring {
 public:
  Keyring();
  ~Keyring();
  Keyring(Keyring&&) noexcept;
  Keyring& operator=(Keyring&&) noexcept;

  // Adds every public key found in `keys` (armored or binary). Secret parts
  // are ignored. Fails when nothing parses as an OpenPGP key.
  Status Add(std::string_view keys);

  // Fingerprints (40 uppercase hex digits) of the primary keys held.
  std::vector<std::string> Fingerprints() const;

  // The librnp handle; for the verifier in this folder.
  rnp_ffi_st* ffi() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A keyring made of each text in `armored_keys` (each may hold several keys).
// The error names which text (1-based) could not be read.
Result<Keyring> KeyringFromArmoredKeys(const std::vector<std::string>& armored_keys);

}  // namespace mig::pgp
