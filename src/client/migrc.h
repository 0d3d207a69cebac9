// The investigator's configuration, ~/.migrc (components.md 9), read by
// `mig` and mig-console:
//   [api]     url = "https://mig.example.net/api/v1/"   skipverifycert = off
//   [gpg]     home = "~/.gnupg"   keyid = "<fingerprint>"   keyserver = "..."
//             useapikeyauth = "<API key>"   (X-MIGAPIKEY instead of signed tokens)
//   [targets] macro = allonline:status='online'   (repeatable)
//   [agents]  acl = "/etc/mig/acl.cfg"   (the agents' ACL, to weigh signatures)
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "client/api_client.h"
#include "core/status.h"

namespace mig::client {

struct Migrc {
  std::string path;  // where it was read from
  std::string api_url;
  bool skip_verify_cert = false;
  std::string gpg_home;  // empty: $GNUPGHOME or ~/.gnupg
  std::string key_id;    // fingerprint of the signing key; empty: GnuPG's default key
  std::string keyserver;
  std::string api_key;                        // [gpg] useapikeyauth
  std::map<std::string, std::string> macros;  // target macros: name -> expression
  // [agents] acl: a copy of the agents' acl.cfg; mig says with it what weight
  // each operation's signatures carry (mig action weigh). Empty: not known.
  std::string agents_acl;
  // Not read from the file: a program that holds the key's passphrase
  // itself (mig-runner's [client] passphrase) sets it; empty falls back to
  // $MIGPGPPASSPHRASE or gpg-agent.
  std::string passphrase;
};

// $HOME/.migrc.
std::string DefaultMigrcPath();

// Parses a migrc. Errors name the file and line, unknown keys and a missing
// [api] url; "~/" in gpg.home is expanded.
Result<Migrc> ParseMigrc(std::string_view text, const std::string& path);

// Reads and parses the file; a missing file is an error that shows what
// to write in it.
Result<Migrc> LoadMigrc(const std::string& path);

// A migrc for the given API URL and key, as `mig` suggests it and scripts
// write it.
std::string MigrcExample(const std::string& api_url = "https://mig.example.net/api/v1/",
                         const std::string& key_id = "<your key fingerprint>");

// Signs with the migrc's key through GPGME (gpg-agent, pinentry, smartcards;
// rc.passphrase or $MIGPGPPASSPHRASE, when set, answers the passphrase
// prompt). Returns the
// one-line signature; fingerprint (optional) receives the signer's.
Result<std::string> SignWithMigrc(const Migrc& rc, const std::string& data,
                                  std::string* fingerprint = nullptr);

// Client options for this migrc: URL, certificate check, API key or signed
// tokens.
ApiClientOptions ApiOptionsFromMigrc(const Migrc& rc);

}  // namespace mig::client
