#include "api/authenticator.h"

#include "api/api_keys.h"

namespace mig::api {
namespace {

constexpr int64_t kKeyringMaxAgeSeconds = 60;

AuthOutcome Deny(int status, std::string message) {
  AuthOutcome o;
  o.http_status = status;
  o.message = std::move(message);
  return o;
}

AuthOutcome Allow(const store::InvestigatorRecord& r, const char* auth) {
  AuthOutcome o;
  o.ok = true;
  o.caller = Caller{r.info.id, r.info.name, r.permission_mask, auth};
  return o;
}

}  // namespace

AuthOutcome Authenticator::Authenticate(const std::string& pgp_token, const std::string& api_key,
                                        const Time& now) {
  if (!config_.auth_enabled) {
    AuthOutcome o;
    o.ok = true;
    o.caller = Caller{0, "authdisabled", ~uint64_t{0}, "disabled"};
    return o;
  }
  if (!pgp_token.empty()) return ByToken(pgp_token, now);
  if (!api_key.empty()) return ByApiKey(api_key);
  return Deny(401, "Valid authentication header not found");
}

AuthOutcome Authenticator::ByToken(const std::string& header, const Time& now) {
  auto fail = [](const std::string& why) {
    return Deny(401, "Authorization verification failed with error '" + why + "'");
  };
  auto token = ParseToken(header);
  if (!token.ok()) return fail(token.error());
  if (!TokenTimeAcceptable(token->time, now, config_.token_duration_seconds))
    return fail("token timestamp is not within acceptable time limits");
  auto signer = CheckSignature(token->signed_data, token->signature);
  if (!signer.ok()) return Deny(500, signer.error());
  if (!signer->check.valid()) return fail("token signature: " + signer->check.message);
  if (!signer->investigator) return fail("token signer is not an active investigator");
  const Time expires = token->time.AddSeconds(config_.token_duration_seconds);
  // A replay repeats the time with the nonce. A nonce alone comes back:
  // MIG's programs draw nonces from MIG IDs, the same in two programs
  // started in the same second, and then from the same signer with
  // different times.
  if (!nonces_.Accept(signer->check.fingerprint,
                      std::to_string(token->time.Unix()) + ";" + token->nonce, expires, now,
                      config_.token_uses))
    return fail("token nonce '" + token->nonce +
                "' was already used with this timestamp: sign a new token for every request "
                "(MIG's own client started several times in one second sends identical "
                "tokens; see [authentication] tokenuses in the API's documentation)");
  return Allow(*signer->investigator, "pgp");
}

AuthOutcome Authenticator::ByApiKey(const std::string& key) {
  if (key.size() != kApiKeyLength)
    return Deny(401, "API key authentication failed: a key has 32 characters");
  auto store = pool_.Borrow();
  if (!store.ok()) return Deny(500, store.error());
  auto found = [](const store::InvestigatorRecord& r) {
    if (r.info.status != "active")
      return Deny(401,
                  "API key authentication failed: investigator '" + r.info.name + "' is disabled");
    return Allow(r, "apikey");
  };
  // The prefix names the row: one hash per attempt, not one per key.
  const std::string prefix = key.substr(0, kApiKeyPrefixLength);
  auto holders = (*store)->InvestigatorsWithApiKeyPrefix(prefix);
  if (!holders.ok()) return Deny(500, holders.error());
  for (const auto& r : *holders) {
    if (ApiKeyMatches(key, r.api_salt, r.api_key_hash)) return found(r);
  }
  // Keys set before the prefix was kept are tried the old way, and given
  // their prefix the first time they match.
  auto legacy = (*store)->InvestigatorsWithUnprefixedApiKey();
  if (!legacy.ok()) return Deny(500, legacy.error());
  for (const auto& r : *legacy) {
    if (!ApiKeyMatches(key, r.api_salt, r.api_key_hash)) continue;
    if (Status s = (*store)->SetInvestigatorApiKey(r.info.id, r.api_key_hash, r.api_salt, prefix);
        !s.ok())
      return Deny(500, s.message());
    return found(r);
  }
  return Deny(401, "API key authentication failed: no investigator holds this key");
}

Result<SignerCheck> Authenticator::CheckSignature(const std::string& data,
                                                  const std::string& one_line) {
  SignerCheck out;
  {
    std::lock_guard<std::mutex> lock(mu_);
    Status s = RefreshKeyring(Time::Now());
    if (!s.ok()) return s;
    out.check = pgp::VerifySignature(*keyring_, data, one_line);
  }
  if (!out.check.valid()) return out;
  auto store = pool_.Borrow();
  if (!store.ok()) return store.status();
  auto inv = (*store)->FindInvestigatorByFingerprint(out.check.fingerprint);
  if (!inv.ok()) return inv.status();
  // The keyring may be up to a minute old: the row has the last word.
  if (*inv && (*inv)->info.status == "active") {
    out.investigator = std::move(**inv);
  } else {
    out.check.error = pgp::SignatureError::kUnknownKey;
    out.check.message = "signer " + out.check.fingerprint + " is not an active investigator";
  }
  return out;
}

void Authenticator::InvalidateKeyring() {
  std::lock_guard<std::mutex> lock(mu_);
  keyring_.reset();
}

Status Authenticator::RefreshKeyring(const Time& now) {
  if (keyring_ && now.seconds - keyring_built_ < kKeyringMaxAgeSeconds) return Status::Ok();
  auto store = pool_.Borrow();
  if (!store.ok()) return store.status();
  auto active = (*store)->ActiveInvestigators();
  if (!active.ok()) return active.status().Context("loading investigators' keys");
  auto ring = std::make_unique<pgp::Keyring>();
  for (const auto& r : *active) {
    // One unreadable key must not lock everybody else out.
    (void)ring->Add(r.info.public_key);
  }
  keyring_ = std::move(ring);
  keyring_built_ = now.seconds;
  return Status::Ok();
}

}  // namespace mig::api
