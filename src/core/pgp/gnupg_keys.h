// Public keys from the user's own GnuPG: an investigator checking a
// colleague's signature has usually imported the colleague's key there.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace mig::pgp {

// The public keys GnuPG (home; empty: $GNUPGHOME or ~/.gnupg) holds for the
// given fingerprints or key IDs (hex), as binary OpenPGP packets; empty when
// it holds none of them. An error only when GnuPG cannot be run.
Result<std::string> ExportPublicKeysFromGnuPG(const std::vector<std::string>& key_ids,
                                              const std::string& home);

}  // namespace mig::pgp
