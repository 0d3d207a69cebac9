// The agent's ACL (protocol.md 4): for each module, or "default", the
// minimum total weight of signatures and the weight of each investigator.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/documents.h"
#include "core/status.h"

namespace mig {

struct AclSigner {
  std::string fingerprint;  // compared case-insensitively
  int64_t weight = 0;
};

struct AclEntry {
  int64_t minimum_weight = 0;
  std::map<std::string, AclSigner> investigators;  // keyed by a label (a name)
};

// Module name (exact) or "default" -> entry.
using Acl = std::map<std::string, AclEntry>;

// Parses acl.cfg. Field names match case-insensitively like MIG's
// ("MinimumWeight"); module names are kept as written. Unknown fields inside
// an entry are refused (a typo would silently zero a weight).
Result<Acl> ParseAcl(std::string_view text);

// MIG's built-in ACL: {"default":{"minimumweight":1,"investigators":{}}},
// which accepts nobody.
Acl DefaultAcl();

// MIG's verifyPermission for one operation, with its error texts:
// "no ACL entry found for M, and no default present",
// "invalid ACL E, weight must be > 0",
// "permission violation: key F used to sign multiple times",
// "permission denied for operation M, insufficient signatures weight (need N, got W)".
Status CheckPermission(const Acl& acl, const std::string& module,
                       const std::vector<std::string>& signer_fingerprints);

// Every operation of the action must pass; the first failure is returned.
Status CheckActionPermissions(const Acl& acl, const Action& action,
                              const std::vector<std::string>& signer_fingerprints);

}  // namespace mig
