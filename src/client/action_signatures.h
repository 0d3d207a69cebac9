// Who signed an action file and whether each signature still verifies, with
// keys from files and from the investigator's own GnuPG. Used before adding
// a signature (mig action sign --append), weighing (mig action weigh) and
// launching (mig -i).
#pragma once

#include <string>
#include <vector>

#include "core/documents.h"
#include "core/status.h"

namespace mig::client {

enum class SignatureState {
  kValid,       // verifies over the action as it is now
  kUnverified,  // its key is in neither source: cannot tell
  kBroken,      // does not verify: the action changed, or the signature is damaged
};

struct SignatureInfo {
  SignatureState state = SignatureState::kUnverified;
  std::string fingerprint;  // valid: the signer's; otherwise what the signature names, or ""
  std::string key_id;       // issuer key ID, when readable
  std::string user_id;      // of a valid signer, when known
  std::string message;      // why it is not valid
};

struct SignerKeySources {
  std::vector<std::string> keyring_files;  // armored or binary public keys
  bool use_gnupg = true;                   // also ask GnuPG for the signers' keys
  std::string gnupg_home;                  // empty: $GNUPGHOME or ~/.gnupg
};

// One entry per signature, in order. Errors: an unreadable keyring file.
Result<std::vector<SignatureInfo>> InspectSignatures(const Action& action,
                                                     const SignerKeySources& keys);

// "signature 2: valid, made by FPR (Bob <bob@example.net>)" and the like.
std::string DescribeSignature(size_t index, const SignatureInfo& info);

// Ok when every earlier signature verifies; otherwise why another signature
// must not be added (the first would no longer count, or cannot be checked).
Status CheckEarlierSignatures(const std::vector<SignatureInfo>& signatures);

// Fingerprints of the valid signatures, for the ACL.
std::vector<std::string> ValidSigners(const std::vector<SignatureInfo>& signatures);

}  // namespace mig::client
