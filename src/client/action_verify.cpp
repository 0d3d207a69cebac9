#include "client/action_verify.h"

#include <iostream>
#include <optional>

#include "client/acl_file.h"
#include "client/action_weigh.h"
#include "client/cli_parse.h"
#include "client/file_io.h"
#include "client/quiet_stderr.h"
#include "core/acl.h"
#include "core/action_validation.h"
#include "core/documents_json.h"
#include "core/pgp/keyring.h"
#include "core/pgp/verify.h"
#include "core/signed_string.h"

namespace mig::client {

namespace {

constexpr const char* kName = "mig action verify";

struct VerifyOptions {
  std::string file;
  std::vector<std::string> keyrings;
  std::string acl_file;
  bool print_string = false;
};

void Describe(CLI::App& app, VerifyOptions& o) {
  app.description(
      "Check a signed action the way MIG's agents do: every signature must be valid and\n"
      "made by a known key, the action must be within its validity window and, with --acl,\n"
      "the signers must carry enough weight for every operation.");
  app.add_option("FILE", o.file, "signed action file (JSON); - reads standard input")->required();
  app.add_option("--keyring", o.keyrings,
                 "file of trusted armored public keys, as `gpg --armor --export` writes them; "
                 "repeat for several files")
      ->allow_extra_args(false);
  app.add_option("--acl", o.acl_file, "agent ACL (JSON, protocol.md section 4)");
  app.add_flag("--print-string", o.print_string,
               "print the exact string the signatures cover (no trailing newline) and stop");
  app.footer(
      "Examples:\n"
      "  mig action verify signed.json --keyring investigators.asc\n"
      "  mig action verify signed.json --keyring alice.asc --keyring bob.asc --acl acl.json\n"
      "  mig action verify signed.json --print-string > signed-string.txt\n"
      "  gpg --export --armor alice@example.org > alice.asc   # make a keyring file\n\n"
      "Exit status: 0 all signatures valid, within the validity window and (with --acl)\n"
      "every operation allowed; 1 verification failed; 2 usage error, unreadable file,\n"
      "malformed action, keyring or ACL.\n");
}

Result<pgp::Keyring> LoadKeyring(const std::vector<std::string>& files) {
  pgp::Keyring keyring;
  for (const auto& file : files) {
    auto text = ReadWholeFile(file);
    if (!text) return text.status();
    Status ok;
    {
      QuietStderr quiet;
      ok = keyring.Add(*text);
    }
    if (!ok) {
      return Status::Error(file + ": not a public key file (" + ok.message() +
                           "); export keys with `gpg --armor --export KEY > " + file + "`");
    }
  }
  return keyring;
}

std::string OperationLabel(const Action& action, size_t i) {
  return "operation " + std::to_string(i + 1) + " (" + (*action.operations)[i].module + ")";
}

// Prints one line per signature; returns the fingerprints of the valid ones,
// or nullopt when one is not valid.
std::optional<std::vector<std::string>> ReportSignatures(const Action& action,
                                                         const pgp::Keyring& keyring) {
  const std::string data = SignedString(action);
  std::vector<std::string> signers;
  bool all_valid = true;
  if (action.pgp_signatures.empty()) std::cout << "signatures: none\n";
  for (size_t i = 0; i < action.pgp_signatures.size(); ++i) {
    pgp::SignatureCheck check;
    {
      QuietStderr quiet;
      check = pgp::VerifySignature(keyring, data, action.pgp_signatures[i]);
    }
    std::cout << "signature " << i + 1 << ": ";
    if (check.valid()) {
      std::cout << "valid, made by " << check.fingerprint;
      if (!check.user_id.empty()) std::cout << " (" << check.user_id << ")";
      std::cout << "\n";
      signers.push_back(check.fingerprint);
    } else {
      all_valid = false;
      std::cout << "NOT valid (" << pgp::SignatureErrorName(check.error)
                << "): " << (check.message.empty() ? "no details" : check.message) << "\n";
    }
  }
  if (!all_valid) return std::nullopt;
  return signers;
}

// Prints one line per operation; true when every operation is allowed.
bool ReportAcl(const Action& action, const Acl& acl,
               const std::optional<std::vector<std::string>>& signers) {
  if (!action.operations || action.operations->empty()) {
    std::cout << "operations: none to check against the ACL\n";
    return action.operations.has_value();
  }
  bool all_allowed = true;
  // Respond modules are weighed as agents weigh them (docs/acl.md).
  const IsRespondModule is_respond = RegistryRespondModules();
  for (size_t i = 0; i < action.operations->size(); ++i) {
    std::cout << OperationLabel(action, i) << ": ";
    if (!signers) {
      std::cout << "not checked: a signature is not valid, and agents then reject the whole "
                   "action\n";
      all_allowed = false;
      continue;
    }
    const std::string& module = (*action.operations)[i].module;
    const auto ok = CheckPermission(acl, module, *signers, ScopeOf(is_respond, module));
    if (ok) {
      std::cout << "allowed\n";
    } else {
      std::cout << "NOT allowed: " << ok.message() << "\n";
      all_allowed = false;
    }
  }
  return all_allowed;
}

bool ReportValidity(const Action& action) {
  const auto ok = ValidateAction(action, Time::Now(), /*agent_side=*/true);
  if (ok) {
    std::cout << "validity: ok, valid from " << FormatTime(action.valid_from) << " until "
              << FormatTime(action.expire_after) << "\n";
  } else {
    std::cout << "validity: NOT ok: " << ok.message() << "\n";
  }
  return ok.ok();
}

}  // namespace

int RunActionVerify(const std::vector<std::string>& args) {
  CLI::App app;
  app.name(kName);
  VerifyOptions o;
  Describe(app, o);
  if (auto exit_code = ParseCommandLine(app, args)) return *exit_code;

  auto text = ReadWholeFile(o.file);
  if (!text) {
    std::cerr << kName << ": " << text.error() << "\n";
    return 2;
  }
  auto action = ParseAction(*text);
  if (!action) {
    std::cerr << kName << ": " << o.file << ": not a valid action: " << action.error() << "\n";
    return 2;
  }
  if (o.print_string) {
    std::cout << SignedString(*action) << std::flush;
    return 0;
  }
  if (o.keyrings.empty()) {
    std::cerr << kName
              << ": no trusted keys: pass --keyring FILE (armored public keys, as "
                 "`gpg --armor --export` writes them)\n";
    return 2;
  }
  auto keyring = LoadKeyring(o.keyrings);
  if (!keyring) {
    std::cerr << kName << ": " << keyring.error() << "\n";
    return 2;
  }
  std::optional<Acl> acl;
  if (!o.acl_file.empty()) {
    auto loaded = LoadAclFile(o.acl_file);
    if (!loaded) {
      std::cerr << kName << ": " << loaded.error() << "\n";
      return 2;
    }
    acl = std::move(*loaded);
  }

  std::cout << "action: " << action->name << "\n";
  const auto signers = ReportSignatures(*action, *keyring);
  const bool in_window = ReportValidity(*action);
  bool allowed = true;
  if (acl) {
    allowed = ReportAcl(*action, *acl, signers);
  } else {
    std::cout << "acl: not checked (pass --acl FILE to check each operation's permission)\n";
  }
  const bool ok = signers.has_value() && in_window && allowed;
  std::cout << "verdict: " << (ok ? "valid" : "NOT valid") << "\n";
  return ok ? 0 : 1;
}

}  // namespace mig::client
