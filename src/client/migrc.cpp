#include "client/migrc.h"

#include <cstdlib>
#include <filesystem>

#include "client/file_io.h"
#include "core/gcfg.h"
#include "core/pgp/sign.h"

namespace mig::client {
namespace {

std::string Home() {
  const char* h = std::getenv("HOME");
  return h && *h ? h : "";
}

std::string ExpandTilde(const std::string& p) {
  if (p == "~") return Home();
  if (p.rfind("~/", 0) == 0) return Home() + p.substr(1);
  return p;
}

const std::vector<std::string> kKnownKeys = {
    "api.url",       "api.skipverifycert", "gpg.home",      "gpg.keyid",
    "gpg.keyserver", "gpg.useapikeyauth",  "targets.macro", "agents.acl"};

}  // namespace

std::string DefaultMigrcPath() {
  return Home() + "/.migrc";
}

std::string MigrcExample(const std::string& api_url, const std::string& key_id) {
  return "[api]\n"
         "    url = \"" +
         api_url +
         "\"\n"
         "    skipverifycert = off\n"
         "[gpg]\n"
         "    home = \"~/.gnupg\"\n"
         "    keyid = \"" +
         key_id +
         "\"\n"
         "[targets]\n"
         "    macro = allonline:status='online'\n"
         "    macro = onlineandidle:status='online' OR status='idle'\n";
}

Result<Migrc> ParseMigrc(std::string_view text, const std::string& path) {
  auto cfg = ConfigFile::Parse(text, path);
  if (!cfg.ok()) return cfg.status();
  if (auto unknown = cfg->UnknownKeys(kKnownKeys); !unknown.empty()) {
    std::string list;
    for (const auto& k : unknown)
      list += (list.empty() ? "" : ", ") + k;
    return Status::Error(path + ": unknown key(s) " + list +
                         "; known: [api] url, skipverifycert; [gpg] home, keyid, keyserver, "
                         "useapikeyauth; [targets] macro; [agents] acl");
  }
  Migrc rc;
  rc.path = path;
  rc.api_url = cfg->Get("api", "url");
  if (rc.api_url.empty()) {
    return Status::Error(path +
                         ": [api] url is missing; add e.g.\n[api]\n    url = "
                         "\"https://mig.example.net/api/v1/\"");
  }
  if (rc.api_url.back() != '/') rc.api_url += '/';
  auto skip = cfg->GetBool("api", "skipverifycert", false);
  if (!skip.ok()) return skip.status().Context(path + ": [api] skipverifycert");
  rc.skip_verify_cert = *skip;
  rc.gpg_home = ExpandTilde(cfg->Get("gpg", "home"));
  rc.key_id = cfg->Get("gpg", "keyid");
  rc.keyserver = cfg->Get("gpg", "keyserver");
  rc.api_key = cfg->Get("gpg", "useapikeyauth");
  rc.agents_acl = ExpandTilde(cfg->Get("agents", "acl"));
  for (const auto& m : cfg->GetAll("targets", "macro")) {
    const size_t colon = m.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == m.size()) {
      return Status::Error(path + ": [targets] macro '" + m +
                           "' must read NAME:TARGET, e.g. allonline:status='online'");
    }
    rc.macros[m.substr(0, colon)] = m.substr(colon + 1);
  }
  return rc;
}

Result<Migrc> LoadMigrc(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Status::Error("no configuration at " + path +
                         "; create it with your API URL and the fingerprint of your PGP key "
                         "(gpg --list-secret-keys --with-colons | grep ^fpr), e.g.:\n" +
                         MigrcExample() + "or choose another file with -c FILE");
  }
  auto text = ReadWholeFile(path, 1 << 20);
  if (!text.ok()) return text.status();
  return ParseMigrc(*text, path);
}

Result<std::string> SignWithMigrc(const Migrc& rc, const std::string& data,
                                  std::string* fingerprint) {
  pgp::GnuPGOptions o;
  o.fingerprint = rc.key_id;
  o.home = rc.gpg_home;
  if (!rc.passphrase.empty()) {
    o.passphrase = rc.passphrase;
  } else if (const char* pass = std::getenv("MIGPGPPASSPHRASE")) {
    o.passphrase = pass;
  }
  auto made = pgp::SignWithGnuPG(data, o);
  if (!made.ok()) {
    return Status::Error(made.error() + " (GnuPG home " +
                         (rc.gpg_home.empty() ? "$GNUPGHOME or ~/.gnupg" : rc.gpg_home) +
                         ", [gpg] keyid " + (rc.key_id.empty() ? "unset" : rc.key_id) + " in " +
                         rc.path + ")");
  }
  if (fingerprint) *fingerprint = made->fingerprint;
  return made->one_line;
}

ApiClientOptions ApiOptionsFromMigrc(const Migrc& rc) {
  ApiClientOptions o;
  o.url = rc.api_url;
  o.skip_verify_cert = rc.skip_verify_cert;
  o.api_key = rc.api_key;
  o.signer = [rc](const std::string& data) { return SignWithMigrc(rc, data); };
  return o;
}

}  // namespace mig::client
