#include "client/action_weigh.h"

#include <filesystem>
#include <iostream>

#include "client/acl_file.h"
#include "client/cli_parse.h"
#include "client/file_io.h"
#include "client/migrc.h"
#include "core/documents_json.h"
#include "core/gcfg.h"
#include "modules/module_kinds.h"

namespace mig::client {
namespace {

constexpr const char* kName = "mig action weigh";

// What agents allow by default ([respond] maxvalidity); said, not enforced.
constexpr int64_t kAgentRespondMaxValiditySeconds = 3600;

struct WeighOptions {
  std::string file;
  std::string acl_file;
  std::vector<std::string> keyrings;
  std::string gnupg_home;
  std::string config_path;
};

void Describe(CLI::App& app, WeighOptions& o) {
  app.description(
      "Say, for each operation of a signed action, how many valid signatures it has, their\n"
      "total weight in the agents' ACL and what weight it still lacks. Respond modules are\n"
      "weighed by their own ACL entry or the \"respond\" entry, never \"default\" (docs/acl.md).\n"
      "Signatures are checked with the signers' public keys from your GnuPG and --keyring.");
  app.add_option("FILE", o.file, "signed action file (JSON); - reads standard input")->required();
  app.add_option("--acl", o.acl_file,
                 "the agents' ACL (acl.cfg); default: [agents] acl of your migrc; without "
                 "either, only signatures are counted");
  app.add_option("--keyring", o.keyrings,
                 "file of signers' public keys (gpg --armor --export); repeatable")
      ->allow_extra_args(false);
  app.add_option("--gnupg-home", o.gnupg_home,
                 "GnuPG home holding the signers' public keys (default: [gpg] home of your "
                 "migrc, $GNUPGHOME or ~/.gnupg)");
  app.add_option("-c,--config", o.config_path, "migrc to read (default: ~/.migrc, if present)");
  app.footer(
      "Examples:\n"
      "  mig action weigh signed.json                        # ACL from [agents] acl of ~/.migrc\n"
      "  mig action weigh signed.json --acl /etc/mig/acl.cfg --keyring alice.asc\n\n"
      "Exit status: 0 every signature valid and (with an ACL) every operation has its weight;\n"
      "1 a signature is not valid or not verified, or an operation lacks weight; 2 usage\n"
      "error, unreadable or malformed file.\n");
}

// Go's form ("2h0m0s"), or seconds beyond what nanoseconds hold.
std::string Duration(int64_t seconds) {
  if (seconds < 0 || seconds > INT64_MAX / 1'000'000'000) return std::to_string(seconds) + "s";
  return FormatGoDuration(seconds * 1'000'000'000);
}

std::string Plural(size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

IsRespondModule RegistryRespondModules() {
  return [names = modules::RespondModuleNames()](const std::string& module) {
    return names.count(module) > 0;
  };
}

WeighReport WeighAction(const Action& action, const std::vector<SignatureInfo>& signatures,
                        const Acl* acl, const IsRespondModule& is_respond) {
  WeighReport r;
  for (size_t i = 0; i < signatures.size(); ++i) {
    r.lines.push_back(DescribeSignature(i, signatures[i]));
    if (signatures[i].state != SignatureState::kValid) r.signatures_ok = false;
  }
  if (signatures.empty()) r.lines.push_back("signatures: none");
  const auto signers = ValidSigners(signatures);
  if (!acl) {
    r.lines.push_back(
        "acl: none given (--acl FILE, or [agents] acl in your migrc): the agents' ACL decides "
        "whether " +
        Plural(signers.size(), "valid signature") + " weigh enough");
  }
  if (!action.operations) return r;
  const int64_t window = action.expire_after.Unix() - action.valid_from.Unix();
  for (size_t i = 0; i < action.operations->size(); ++i) {
    const std::string& module = (*action.operations)[i].module;
    const AclScope scope = ScopeOf(is_respond, module);
    std::string line = "operation " + std::to_string(i + 1) + " (" + module + ", " +
                       (scope == AclScope::kRespond ? "respond" : "investigate") +
                       "): " + Plural(signers.size(), "valid signature");
    if (acl) {
      auto tally = TallyPermission(*acl, module, signers, scope);
      if (!tally) {
        line += ", NOT allowed: " + tally.error();
        r.enough = false;
      } else {
        line += ", weight " + std::to_string(tally->weight) + " of " +
                std::to_string(tally->minimum_weight) + " needed (ACL entry " + tally->entry + ")";
        if (tally->Missing() > 0) {
          line += ", lacks " + std::to_string(tally->Missing()) +
                  ": another investigator must add theirs (mig action sign --append)";
          r.enough = false;
        } else {
          line += ", enough";
        }
      }
    }
    r.lines.push_back(line);
    if (scope == AclScope::kRespond &&
        (action.expire_after.IsZero() || window > kAgentRespondMaxValiditySeconds)) {
      r.lines.push_back(
          "  note: agents refuse a respond action that does not expire within their "
          "[respond] maxvalidity of its validfrom (1h unless configured); this one "
          "is valid for " +
          (action.expire_after.IsZero() ? "ever (no expireafter)" : Duration(window)));
    }
  }
  return r;
}

int RunActionWeigh(const std::vector<std::string>& args) {
  CLI::App app;
  app.name(kName);
  WeighOptions o;
  Describe(app, o);
  if (auto exit_code = ParseCommandLine(app, args)) return *exit_code;

  // The migrc is optional here; an explicit -c must exist.
  std::string acl_file = o.acl_file, gnupg_home = o.gnupg_home;
  const std::string rc_path = o.config_path.empty() ? DefaultMigrcPath() : o.config_path;
  std::error_code ec;
  if (!o.config_path.empty() || std::filesystem::exists(rc_path, ec)) {
    auto rc = LoadMigrc(rc_path);
    if (!rc) {
      std::cerr << kName << ": " << rc.error() << "\n";
      return 2;
    }
    if (acl_file.empty()) acl_file = rc->agents_acl;
    if (gnupg_home.empty()) gnupg_home = rc->gpg_home;
  }
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
  std::optional<Acl> acl;
  if (!acl_file.empty()) {
    auto loaded = LoadAclFile(acl_file);
    if (!loaded) {
      std::cerr << kName << ": " << loaded.error() << "\n";
      return 2;
    }
    acl = std::move(*loaded);
  }
  auto signatures = InspectSignatures(
      *action, {.keyring_files = o.keyrings, .use_gnupg = true, .gnupg_home = gnupg_home});
  if (!signatures) {
    std::cerr << kName << ": " << signatures.error() << "\n";
    return 2;
  }
  const auto report =
      WeighAction(*action, *signatures, acl ? &*acl : nullptr, RegistryRespondModules());
  std::cout << "action: " << action->name << "\n";
  if (!acl_file.empty()) std::cout << "acl: " << acl_file << "\n";
  for (const auto& line : report.lines)
    std::cout << line << "\n";
  return report.enough && report.signatures_ok ? 0 : 1;
}

}  // namespace mig::client
