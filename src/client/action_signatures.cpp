#include "client/action_signatures.h"

#include "client/file_io.h"
#include "client/quiet_stderr.h"
#include "core/pgp/gnupg_keys.h"
#include "core/pgp/keyring.h"
#include "core/pgp/verify.h"
#include "core/signed_string.h"

namespace mig::client {
namespace {

std::string Signer(const SignatureInfo& info) {
  if (!info.fingerprint.empty()) return info.fingerprint;
  if (!info.key_id.empty()) return "key ID " + info.key_id;
  return "an unknown key";
}

}  // namespace

Result<std::vector<SignatureInfo>> InspectSignatures(const Action& action,
                                                     const SignerKeySources& sources) {
  const std::string data = SignedString(action);
  pgp::Keyring keyring;
  // Who each signature says made it (no key needed): what to ask GnuPG for.
  std::vector<std::string> issuers;
  {
    QuietStderr quiet;
    for (const auto& sig : action.pgp_signatures) {
      auto claimed = pgp::VerifySignature(keyring, data, sig);
      if (!claimed.fingerprint.empty()) issuers.push_back(claimed.fingerprint);
      if (!claimed.key_id.empty()) issuers.push_back(claimed.key_id);
    }
  }
  for (const auto& file : sources.keyring_files) {
    auto text = ReadWholeFile(file);
    if (!text) return text.status();
    QuietStderr quiet;
    if (Status ok = keyring.Add(*text); !ok) {
      return Status::Error(file + ": not a public key file (" + ok.message() +
                           "); export keys with `gpg --armor --export KEY > " + file + "`");
    }
  }
  if (sources.use_gnupg && !issuers.empty()) {
    // GnuPG missing or failing leaves the files' keys: signatures it would
    // have vouched for are reported as unverified, with what to do.
    auto exported = pgp::ExportPublicKeysFromGnuPG(issuers, sources.gnupg_home);
    if (exported.ok() && !exported->empty()) {
      QuietStderr quiet;
      (void)keyring.Add(*exported);
    }
  }
  std::vector<SignatureInfo> out;
  QuietStderr quiet;
  for (const auto& sig : action.pgp_signatures) {
    const auto check = pgp::VerifySignature(keyring, data, sig);
    SignatureInfo info;
    info.fingerprint = check.fingerprint;
    info.key_id = check.key_id;
    info.user_id = check.user_id;
    info.message = check.message;
    if (check.valid()) {
      info.state = SignatureState::kValid;
    } else if (check.error == pgp::SignatureError::kUnknownKey) {
      info.state = SignatureState::kUnverified;
    } else {
      info.state = SignatureState::kBroken;
      if (info.message.empty()) info.message = std::string(pgp::SignatureErrorName(check.error));
    }
    out.push_back(std::move(info));
  }
  return out;
}

std::string DescribeSignature(size_t index, const SignatureInfo& info) {
  std::string line = "signature " + std::to_string(index + 1) + ": ";
  switch (info.state) {
    case SignatureState::kValid:
      line += "valid, made by " + info.fingerprint;
      if (!info.user_id.empty()) line += " (" + info.user_id + ")";
      break;
    case SignatureState::kUnverified:
      line += "not verified here: made by " + Signer(info) +
              ", whose public key is not in your GnuPG nor in --keyring (it counts for no "
              "weight here; import it with gpg --import KEYFILE)";
      break;
    case SignatureState::kBroken:
      line += "NOT valid (" + info.message + ")";
      break;
  }
  return line;
}

Status CheckEarlierSignatures(const std::vector<SignatureInfo>& signatures) {
  for (size_t i = 0; i < signatures.size(); ++i) {
    const auto& s = signatures[i];
    const std::string which = "signature " + std::to_string(i + 1) + " (by " + Signer(s) + ")";
    if (s.state == SignatureState::kBroken) {
      return Status::Error(which + " does not verify over the action as it is now (" + s.message +
                           "): the action was changed after it was signed, so it would no "
                           "longer count; get the file exactly as it was signed");
    }
    if (s.state == SignatureState::kUnverified) {
      return Status::Error(which +
                           " cannot be checked: its public key is neither in your GnuPG nor in "
                           "a --keyring file. Import it (gpg --import KEYFILE) or pass "
                           "--keyring KEYFILE, so that a changed action is not signed again");
    }
  }
  return Status::Ok();
}

std::vector<std::string> ValidSigners(const std::vector<SignatureInfo>& signatures) {
  std::vector<std::string> out;
  for (const auto& s : signatures) {
    if (s.state == SignatureState::kValid) out.push_back(s.fingerprint);
  }
  return out;
}

}  // namespace mig::client
