#include "api/agent_identities.h"

#include <algorithm>

#include "core/agent_credential.h"
#include "core/base64.h"
#include "relay/topology.h"

namespace mig::api {

TokenBucket::TokenBucket(double rate, double burst)
    : rate_(rate), burst_(burst), tokens_(burst), last_(std::chrono::steady_clock::now()) {}

bool TokenBucket::Take(std::chrono::steady_clock::time_point now) {
  std::lock_guard lock(mu_);
  const double elapsed = std::chrono::duration<double>(now - last_).count();
  if (elapsed > 0) {
    tokens_ = std::min(burst_, tokens_ + elapsed * rate_);
    last_ = now;
  }
  if (tokens_ < 1) return false;
  tokens_ -= 1;
  return true;
}

AgentIdentities::AgentIdentities(const ApiConfig& config, StorePool& pool)
    : config_(config),
      pool_(pool),
      enrollments_(static_cast<double>(config.enroll_rate),
                   static_cast<double>(config.enroll_rate) * 10) {}

Result<AgentIdentities::LoginResult> AgentIdentities::CheckLogin(const std::string& user,
                                                                 const std::string& password) {
  auto refuse = [](std::string why) { return LoginResult{Login::kRefused, std::move(why)}; };
  if (!IsAgentIdentity(user)) return refuse("not an agent identity");
  auto parsed = ParseAgentPassword(password);
  if (!parsed.ok()) return refuse(parsed.error());
  auto store = pool_.Borrow();
  if (!store.ok()) return store.status();
  auto known = (*store)->GetAgentCredential(user);
  if (!known.ok()) return known.status();
  const std::string digest = AgentSecretDigest(parsed->secret);
  if (known->has_value()) {
    const store::AgentCredentialRecord& r = **known;
    if (r.revoked_at) return refuse("identity revoked at " + FormatTime(*r.revoked_at));
    if (!SecretsEqual(digest, r.secret_digest)) return refuse("wrong secret");
    return LoginResult{Login::kAllowed, ""};
  }
  if (config_.enrollment_token.empty()) return refuse("unknown, and enrollment is off");
  if (!SecretsEqual(parsed->enrollment_token, config_.enrollment_token))
    return refuse("unknown, and the enrollment token is wrong");
  if (!enrollments_.Take()) return refuse("unknown, and enrollments exceed agents.enrollrate");
  auto inserted = (*store)->EnrollAgentCredential({user, digest, Time::Now(), std::nullopt});
  if (!inserted.ok()) return inserted.status();
  if (*inserted) return LoginResult{Login::kEnrolled, ""};
  // Enrolled by a concurrent login meanwhile: it must be the same secret.
  auto now_known = (*store)->GetAgentCredential(user);
  if (!now_known.ok()) return now_known.status();
  if (now_known->has_value() && !(*now_known)->revoked_at &&
      SecretsEqual(digest, (*now_known)->secret_digest))
    return LoginResult{Login::kAllowed, ""};
  return refuse("enrolled meanwhile with another secret");
}

Result<std::string> AgentIdentities::RefuseHeartbeat(const std::string& authorization,
                                                     const std::string& queue_loc) {
  const std::string basic = "Basic ";
  if (!authorization.empty()) {
    if (authorization.compare(0, basic.size(), basic) != 0)
      return std::string("Authorization must be Basic <queue location>:<relay password>");
    auto decoded = Base64Decode(authorization.substr(basic.size()));
    const size_t colon = decoded.ok() ? decoded->find(':') : std::string::npos;
    if (colon == std::string::npos)
      return std::string("Authorization: malformed Basic credentials");
    const std::string user = decoded->substr(0, colon);
    if (user != queue_loc) return "credentials of " + user + " cannot heartbeat for " + queue_loc;
    auto login = CheckLogin(user, decoded->substr(colon + 1));
    if (!login.ok()) return login.status();
    if (login->outcome == Login::kRefused) return "agent login refused: " + login->reason;
    return std::string();
  }
  if (!config_.accept_shared_account) {
    return std::string(
        "heartbeat without credentials refused: agents authenticate with their own identity "
        "([agents] acceptsharedaccount is off)");
  }
  auto store = pool_.Borrow();
  if (!store.ok()) return store.status();
  auto enrolled = (*store)->EnrolledAmong({queue_loc});
  if (!enrolled.ok()) return enrolled.status();
  if (!enrolled->empty()) {
    return "agent " + queue_loc +
           " has its own identity: a heartbeat without its credentials is refused";
  }
  return std::string();
}

bool AgentIdentities::MayUseVhost(const std::string& user, const std::string& vhost) const {
  return IsAgentIdentity(user) && vhost == config_.relay_vhost;
}

bool AgentIdentities::MayAccess(const std::string& user, const std::string& vhost,
                                const std::string& resource, const std::string& name,
                                const std::string& permission) const {
  if (!MayUseVhost(user, vhost)) return false;
  if (resource == "queue") {
    return name == relay::AgentQueueName(user) &&
           (permission == "configure" || permission == "read");
  }
  if (resource == "exchange") {
    return name == relay::kToSchedulersExchange && permission == "write";
  }
  return false;
}

}  // namespace mig::api
