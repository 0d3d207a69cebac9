// The agent's secret queue id (protocol.md 7.2): at least 80 characters of
// [0-9a-zA-Z], kept in <rundir>/.migagtid. It is the only unguessable part of
// the queue name, so it comes from the operating system's CSPRNG.
#pragma once

#include <string>

#include "core/status.h"

namespace mig::agent {

// A new random id of `length` alphanumerics.
std::string NewAgentId(size_t length = 96);

bool IsValidAgentId(const std::string& id);

// Reads <run_dir>/.migagtid; when missing or invalid, writes a new id there
// (mode 0400, directory created 0755) and returns it.
Result<std::string> LoadOrCreateAgentId(const std::string& run_dir);

// The id and the secret of an agent that logs in to the relay as itself
// (core/agent_credential.h). The secret lives in <run_dir>/.migagtsecret
// (0400). Without a valid secret the id is useless (the platform would refuse
// its name with any other secret), so both are made anew: the id first, then
// the secret, so that a crash in between leaves no secret and the next start
// makes both again.
struct AgentIdentity {
  std::string id;
  std::string secret;
};
Result<AgentIdentity> LoadOrCreateAgentIdentity(const std::string& run_dir);

}  // namespace mig::agent
