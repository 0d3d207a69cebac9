// `mig action weigh FILE`: for each operation of a signed action, how many
// valid signatures it has, their weight in the agents' ACL and what weight
// it still lacks (respond modules by their own entry or "respond", as agents
// weigh them, docs/acl.md). Also said by `mig -i` before launching.
#pragma once

#include <string>
#include <vector>

#include "client/action_signatures.h"
#include "core/acl.h"
#include "core/documents.h"

namespace mig::client {

struct WeighReport {
  std::vector<std::string> lines;  // for people, one line each
  bool enough = true;              // with an ACL: every operation has its weight
  bool signatures_ok = true;       // no signature broken or unverified
};

// acl null: the agents' ACL decides; the report then counts signatures only.
WeighReport WeighAction(const Action& action, const std::vector<SignatureInfo>& signatures,
                        const Acl* acl, const IsRespondModule& is_respond);

// The registry's respond modules (the agent uses the same).
IsRespondModule RegistryRespondModules();

// args excludes "mig action weigh". Exit status: 0 every signature valid and
// (with an ACL) every operation has its weight; 1 otherwise; 2 usage error,
// unreadable file, malformed action, ACL or migrc.
int RunActionWeigh(const std::vector<std::string>& args);

}  // namespace mig::client
