#include "client/action_sign.h"

#include <iostream>
#include <optional>

#include "client/action_prepare.h"
#include "client/action_signatures.h"
#include "client/cli_parse.h"
#include "client/file_io.h"
#include "client/quiet_stderr.h"
#include "core/documents_json.h"
#include "core/gojson.h"
#include "core/pgp/keyring.h"
#include "core/pgp/sign.h"
#include "core/pgp/verify.h"
#include "core/signed_string.h"

namespace mig::client {

namespace {

constexpr const char* kName = "mig action sign";

struct SignOptions {
  std::string file;
  std::string key_file;
  std::string passphrase_file;
  std::string fingerprint;
  std::string gnupg_home;
  std::string output = "-";
  bool append = false;
  std::vector<std::string> keyrings;  // earlier signers' public keys, for --append
};

void Describe(CLI::App& app, SignOptions& o) {
  app.description(
      "Sign an action file the way MIG's action generator does, and print the signed action.\n"
      "Missing validfrom/expireafter become now-60s and validfrom+30min (present ones are\n"
      "kept), a missing syntaxversion becomes 2, operations with want_compressed are\n"
      "compressed, then a signature is appended. A second investigator adds theirs to the\n"
      "signed file with --append, which changes nothing else and first checks that every\n"
      "earlier signature still verifies.");
  app.add_option("FILE", o.file, "action file (JSON); - reads standard input")->required();
  app.add_option("--key", o.key_file,
                 "secret key file as `gpg --export-secret-keys` writes it (binary or armored); "
                 "without it, your GnuPG signs (gpg-agent, pinentry, smartcards work)");
  app.add_option("--passphrase-file", o.passphrase_file,
                 "file holding the passphrase of the --key secret key (first line)");
  app.add_option("--fingerprint", o.fingerprint,
                 "which key signs: among the keys of --key, or of your GnuPG");
  app.add_option("--gnupg-home", o.gnupg_home,
                 "GnuPG home to sign with when there is no --key (default: $GNUPGHOME or "
                 "~/.gnupg)");
  app.add_option("-o,--output", o.output, "where to write the signed action (default: stdout)");
  app.add_flag("--append", o.append,
               "add your signature to an already signed action, unchanged; refused when an "
               "earlier signature does not verify (the action changed) or your key signed it");
  app.add_option("--keyring", o.keyrings,
                 "with --append: file of the earlier signers' public keys (gpg --armor "
                 "--export), when your GnuPG does not hold them; repeatable")
      ->allow_extra_args(false);
  app.footer(
      "Examples:\n"
      "  mig action sign action.json -o signed.json                # sign with your GnuPG key\n"
      "  mig action sign action.json --fingerprint 0123...CDEF      # choose the GnuPG key\n"
      "  mig action sign action.json --key me.sec --passphrase-file pass.txt -o signed.json\n"
      "  mig action sign --append signed.json -o signed2.json       # a second investigator\n"
      "  mig action sign --append signed.json --key bob.sec --keyring alice.asc -o signed2.json\n"
      "  mig action weigh signed2.json --acl acl.cfg   # weight of the signatures per operation\n"
      "  mig action verify signed.json --keyring investigators.asc --acl acl.json\n\n"
      "Exit status: 0 signed, 1 signing failed (key, passphrase, same signer twice, an\n"
      "earlier signature that does not verify), 2 usage or input error.\n");
}

// Who made a signature, read from the signature itself (no keyring needed):
// the issuer key ID and, when written, the issuer fingerprint.
pgp::SignatureCheck Issuer(std::string_view one_line) {
  static const pgp::Keyring kEmpty;
  QuietStderr quiet;
  // Any non-empty data will do (librnp refuses an empty input); only the
  // issuer fields of the result are used.
  return pgp::VerifySignature(kEmpty, "-", one_line);
}

bool SameIssuer(const pgp::SignatureCheck& a, const pgp::SignatureCheck& b) {
  if (!a.key_id.empty() && a.key_id == b.key_id) return true;
  return !a.fingerprint.empty() && a.fingerprint == b.fingerprint;
}

Result<pgp::MadeSignature> MakeSignature(const SignOptions& o, const std::string& data) {
  if (o.key_file.empty()) {
    return pgp::SignWithGnuPG(
        data, {.fingerprint = o.fingerprint, .home = o.gnupg_home, .passphrase = ""});
  }
  auto key = ReadWholeFile(o.key_file);
  if (!key) return key.status();
  pgp::KeyFileOptions options{.passphrase = "", .fingerprint = o.fingerprint};
  if (!o.passphrase_file.empty()) {
    auto pass = ReadWholeFile(o.passphrase_file);
    if (!pass) return pass.status();
    options.passphrase = pass->substr(0, pass->find_first_of("\r\n"));
  }
  auto made = pgp::SignWithKeyFile(data, *key, options);
  if (!made) return Status::Error(o.key_file + ": " + made.error());
  return made;
}

// A first signature: the generator's times and compression, and no earlier
// signature (it would silently break if those changed the action).
Result<Action> ReadUnsignedAction(const std::string& text, const Time& now) {
  auto action = ReadActionForSigning(text, now);
  if (!action) return action;
  if (!action->pgp_signatures.empty()) {
    return Status::Error("already signed (" + std::to_string(action->pgp_signatures.size()) +
                         " signature" + (action->pgp_signatures.size() == 1 ? "" : "s") +
                         "); to add yours, use mig action sign --append, which checks that the "
                         "earlier signatures still verify and changes nothing else");
  }
  CompressWantedOperations(*action);
  return action;
}

// --append: the action exactly as the earlier signers signed it.
Result<Action> ReadSignedAction(const std::string& text) {
  auto action = ParseAction(text);
  if (!action) return Status::Error("not a valid action: " + action.error());
  if (action->pgp_signatures.empty()) {
    return Status::Error("has no signature to append to; sign it without --append first");
  }
  return action;
}

}  // namespace

// Refuses a signer who already signed: the ACL would reject the action
// ("key used to sign multiple times").
Status CheckNotSignedYet(const Action& action, const pgp::MadeSignature& made) {
  const auto mine = Issuer(made.one_line);
  for (size_t i = 0; i < action.pgp_signatures.size(); ++i) {
    const auto theirs = Issuer(action.pgp_signatures[i]);
    if (SameIssuer(mine, theirs) ||
        (!theirs.fingerprint.empty() && theirs.fingerprint == made.fingerprint)) {
      return Status::Error("key " + made.fingerprint + " already made signature " +
                           std::to_string(i + 1) +
                           " of this action; agents reject an action signed twice by the same "
                           "key, so another investigator must add the next signature");
    }
  }
  return Status::Ok();
}

Status SignActionWithMigrc(const Migrc& rc, Action& action) {
  std::string fingerprint;
  auto sig = SignWithMigrc(rc, SignedString(action), &fingerprint);
  if (!sig.ok()) return sig.status().Context("signing the action");
  if (CheckNotSignedYet(action, {*sig, fingerprint}).ok()) action.pgp_signatures.push_back(*sig);
  return Status::Ok();
}

int RunActionSign(const std::vector<std::string>& args) {
  CLI::App app;
  app.name(kName);
  SignOptions o;
  Describe(app, o);
  if (auto exit_code = ParseCommandLine(app, args)) return *exit_code;
  if (!o.passphrase_file.empty() && o.key_file.empty()) {
    std::cerr << kName
              << ": --passphrase-file goes with --key (GnuPG asks for its own "
                 "passphrases through gpg-agent)\n";
    return 2;
  }

  auto text = ReadWholeFile(o.file);
  if (!text) {
    std::cerr << kName << ": " << text.error() << "\n";
    return 2;
  }
  const Time now = Time::Now();
  auto action = o.append ? ReadSignedAction(*text) : ReadUnsignedAction(*text, now);
  if (!action) {
    std::cerr << kName << ": " << o.file << ": " << action.error() << "\n";
    return 2;
  }
  if (o.append) {
    // Each earlier signature must verify: signing a changed action would
    // hand the launcher a file whose first signature no longer counts.
    auto earlier = InspectSignatures(
        *action, {.keyring_files = o.keyrings, .use_gnupg = true, .gnupg_home = o.gnupg_home});
    if (!earlier) {
      std::cerr << kName << ": " << earlier.error() << "\n";
      return 2;
    }
    if (Status ok = CheckEarlierSignatures(*earlier); !ok) {
      std::cerr << kName << ": " << o.file << ": not signed: " << ok.message() << "\n";
      return 1;
    }
  } else if (!o.keyrings.empty()) {
    std::cerr << kName << ": --keyring goes with --append (the earlier signers' keys)\n";
    return 2;
  }
  if (auto ok = CheckSignable(*action, now); !ok) {
    std::cerr << kName << ": " << o.file << ": cannot be signed: " << ok.message() << "\n";
    return 2;
  }

  auto made = MakeSignature(o, SignedString(*action));
  if (!made) {
    std::cerr << kName << ": signing failed: " << made.error() << "\n";
    return 1;
  }
  if (auto ok = CheckNotSignedYet(*action, *made); !ok) {
    std::cerr << kName << ": " << ok.message() << "\n";
    return 1;
  }
  action->pgp_signatures.push_back(made->one_line);

  if (auto ok = WriteWholeFile(o.output, IndentGoJson(WriteAction(*action)) + "\n"); !ok) {
    std::cerr << kName << ": " << ok.message() << "\n";
    return 2;
  }
  std::cerr << "signed by " << made->fingerprint << "; the action now has "
            << action->pgp_signatures.size() << " signature"
            << (action->pgp_signatures.size() == 1 ? "" : "s") << "\n";
  return 0;
}

}  // namespace mig::client
