// An agent's own identity at the relay (design: "every agent is its own
// principal"). The broker user name is the agent's queue location, so the
// platform derives what it may touch from the name alone: its queue
// "mig.agt.<queueloc>" and publishing to toschedulers. The password carries a
// 256-bit secret that only the agent holds, and, for the first connection, the
// fleet's enrollment token:
//
//   mig-agent-v1:<64 hex secret>:<enrollment token>
//
// The platform stores only the SHA-256 of the secret. An unknown name with the
// right enrollment token is enrolled on first use; after that only its secret
// opens it. Queue locations end in an unguessable id, so nobody can enroll a
// name ahead of the agent it belongs to.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace mig {

inline constexpr std::string_view kAgentPasswordScheme = "mig-agent-v1";

struct AgentPassword {
  std::string secret;            // 64 lowercase hex digits
  std::string enrollment_token;  // may be empty: no enrollment wanted
};

// A fresh secret from the system's CSPRNG: 64 lowercase hex digits.
Result<std::string> NewAgentSecret();
bool IsValidAgentSecret(std::string_view secret);

std::string FormatAgentPassword(const AgentPassword& p);
// Fails with a message that never repeats the secret or the token.
Result<AgentPassword> ParseAgentPassword(std::string_view text);

// Hex SHA-256 of the secret: what the store keeps.
std::string AgentSecretDigest(std::string_view secret);
// Constant-time comparison of two digests (or tokens) of any length.
bool SecretsEqual(std::string_view a, std::string_view b);

// A broker user name that can be an agent: a valid queue location
// "<os>.<id>" with a short lowercase OS name and an id of at least 80
// alphanumerics (protocol.md 7.2). Anything else (the scheduler's account,
// MIG's shared "agent" account) is not an agent identity.
bool IsAgentIdentity(std::string_view name);

}  // namespace mig
