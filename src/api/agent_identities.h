// The platform's side of agents' own relay identities
// (core/agent_credential.h): checks an agent's login, enrolls a new agent
// that brings the fleet's enrollment token, and says what each agent may
// touch at the broker. RabbitMQ's HTTP auth backend asks these questions
// (relay_auth_routes.cpp); POST /heartbeat asks the first one too.
//
// What an agent identity may do, derived from its name alone:
//   vhost     the configured one (relayvhost)
//   queue     mig.agt.<its name>: configure (declare) and read (consume);
//             no write, so it cannot bind it to toagents with another
//             agent's key
//   exchange  toschedulers: write (publish heartbeats and results)
// and nothing else: no other queue, no toagents, no default exchange, no
// topic. Users that are not agent identities (the scheduler, MIG's shared
// account) belong to the broker's own user database, which RabbitMQ asks
// first; this side denies them.
#pragma once

#include <chrono>
#include <mutex>
#include <string>

#include "api/config.h"
#include "api/store_pool.h"
#include "core/status.h"

namespace mig::api {

// At most `rate` events a second, with a burst of `burst`.
class TokenBucket {
 public:
  TokenBucket(double rate, double burst);
  bool Take(std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());

 private:
  std::mutex mu_;
  double rate_, burst_, tokens_;
  std::chrono::steady_clock::time_point last_;
};

class AgentIdentities {
 public:
  AgentIdentities(const ApiConfig& config, StorePool& pool);

  enum class Login {
    kAllowed,   // known name, right secret
    kEnrolled,  // new name, right enrollment token: now known
    kRefused,   // see the reason
  };
  struct LoginResult {
    Login outcome = Login::kRefused;
    std::string reason;  // for the log; never repeats a secret
  };
  // Fails only when the store cannot be reached.
  Result<LoginResult> CheckLogin(const std::string& user, const std::string& password);

  // POST /heartbeat for queue_loc, with this Authorization header (may be
  // empty). Taken from the agent itself (HTTP Basic: its queue location and
  // its relay password), or without credentials when acceptsharedaccount is
  // on and the agent has no identity of its own (MIG's agents). Returns ""
  // when taken, else why not (for a 401).
  Result<std::string> RefuseHeartbeat(const std::string& authorization,
                                      const std::string& queue_loc);

  bool MayUseVhost(const std::string& user, const std::string& vhost) const;
  // resource: "queue" | "exchange" | "topic"; permission: "configure" |
  // "write" | "read" (RabbitMQ's words).
  bool MayAccess(const std::string& user, const std::string& vhost, const std::string& resource,
                 const std::string& name, const std::string& permission) const;

 private:
  const ApiConfig& config_;
  StorePool& pool_;
  TokenBucket enrollments_;
};

}  // namespace mig::api
