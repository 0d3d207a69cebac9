// Who is calling (api.md 2): X-PGPAUTHORIZATION first, then X-MIGAPIKEY.
// Also verifies action signatures against the keyring of active
// investigators, which it caches (rebuilt every minute or when an
// investigator changes through this server).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/config.h"
#include "api/store_pool.h"
#include "api/token.h"
#include "core/pgp/verify.h"
#include "store/records.h"

namespace mig::api {

struct Caller {
  Id id = 0;
  std::string name;
  uint64_t permissions = 0;
  std::string auth;  // how it proved who it is: "pgp", "apikey" or "disabled"
};

// An allowed caller, or why not: http_status 401 (who are you?), 403 (you
// may not), 500 (the server could not decide, e.g. database down).
struct AuthOutcome {
  bool ok = false;
  int http_status = 401;
  std::string message;
  Caller caller;
};

// The verdict on one action signature.
struct SignerCheck {
  pgp::SignatureCheck check;
  std::optional<store::InvestigatorRecord> investigator;  // set when valid and active
};

class Authenticator {
 public:
  Authenticator(const ApiConfig& config, StorePool& pool) : config_(config), pool_(pool) {}

  AuthOutcome Authenticate(const std::string& pgp_token, const std::string& api_key,
                           const Time& now);
  // Checks one signature over data; on success names the active investigator.
  Result<SignerCheck> CheckSignature(const std::string& data, const std::string& one_line);
  // Forget the cached keyring (an investigator was created or changed).
  void InvalidateKeyring();

 private:
  AuthOutcome ByToken(const std::string& header, const Time& now);
  AuthOutcome ByApiKey(const std::string& key);
  Status RefreshKeyring(const Time& now);  // with mu_ held

  const ApiConfig& config_;
  StorePool& pool_;
  NonceCache nonces_;
  std::mutex mu_;  // guards keyring_ and every use of it (librnp is not thread-safe)
  std::unique_ptr<pgp::Keyring> keyring_;
  int64_t keyring_built_ = 0;
};

}  // namespace mig::api
