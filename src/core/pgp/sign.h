// Making MIG signatures: detached binary-document (0x00) OpenPGP signatures
// with SHA-256, returned in MIG's one-line form (one_line.h).
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace mig::pgp {

struct MadeSignature {
  std::string one_line;     // goes into the action's pgpsignatures
  std::string fingerprint;  // primary key of the signer, 40 uppercase hex
};

struct KeyFileOptions {
  std::string passphrase;   // for a protected key; empty for none
  std::string fingerprint;  // which key of the file; empty: the first able to sign
};

// Signs `data` with a secret key as `gpg --export-secret-keys` writes it
// (binary or armored). Uses librnp: no gpg process, no agent.
Result<MadeSignature> SignWithKeyFile(std::string_view data, std::string_view secret_key,
                                      const KeyFileOptions& options = {});

struct GnuPGOptions {
  std::string fingerprint;  // key to sign with; empty: GnuPG's default key
  std::string home;         // GnuPG home; empty: $GNUPGHOME or ~/.gnupg
  // When set, answers GnuPG's passphrase prompt (loopback pinentry, as with
  // MIG's $MIGPGPPASSPHRASE); empty: gpg-agent / pinentry ask as usual.
  std::string passphrase;
};

// Signs `data` with the user's own GnuPG through GPGME, so gpg-agent,
// pinentry and smartcards work as they do for gpg itself.
Result<MadeSignature> SignWithGnuPG(std::string_view data, const GnuPGOptions& options = {});

}  // namespace mig::pgp
