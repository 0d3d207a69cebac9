// The agent's ACL (protocol.md 4): for each module, or "default", the
// minimum total weight of signatures and the weight of each investigator.
// Our extension (docs/acl.md): operations of respond modules are governed by
// their module's entry, else by a "respond" entry, never by "default".
#pragma once

#include <cstdint>
#include <functional>
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

// The entry that governs respond operations whose module has none.
inline constexpr std::string_view kRespondAclEntry = "respond";

// Which entries may govern an operation. kInvestigate is MIG's rule (the
// module's entry, else "default"); kRespond is ours (the module's entry,
// else "respond"; "default" never applies).
enum class AclScope { kInvestigate, kRespond };

// Whether a module changes the endpoint. The caller knows (the module
// registry); the ACL code does not.
using IsRespondModule = std::function<bool(const std::string& module)>;

// What the signers weigh for one operation.
struct AclTally {
  std::string entry;  // the entry that applied: the module, "default" or "respond"
  int64_t minimum_weight = 0;
  int64_t weight = 0;  // sum of the signers' weights in that entry
  int64_t Missing() const { return weight >= minimum_weight ? 0 : minimum_weight - weight; }
};

// Selects the entry and adds up the signers' weights. Errors (MIG's texts
// for kInvestigate): "no ACL entry found for M, and no default present",
// "invalid ACL E, weight must be > 0", "permission violation: key F used to
// sign multiple times"; for kRespond, a missing entry says that neither M
// nor "respond" is in the ACL and that "default" never applies.
Result<AclTally> TallyPermission(const Acl& acl, const std::string& module,
                                 const std::vector<std::string>& signer_fingerprints,
                                 AclScope scope = AclScope::kInvestigate);

// MIG's verifyPermission for one operation: TallyPermission's errors, and
// "permission denied for operation M, insufficient signatures weight (need
// N, got W)" (for kRespond: "... for respond operation M (ACL entry E), ...").
Status CheckPermission(const Acl& acl, const std::string& module,
                       const std::vector<std::string>& signer_fingerprints,
                       AclScope scope = AclScope::kInvestigate);

// The scope of a module: kRespond when is_respond says so (an empty
// predicate knows no respond module).
AclScope ScopeOf(const IsRespondModule& is_respond, const std::string& module);

// Every operation of the action must pass; the first failure is returned.
Status CheckActionPermissions(const Acl& acl, const Action& action,
                              const std::vector<std::string>& signer_fingerprints,
                              const IsRespondModule& is_respond = nullptr);

}  // namespace mig
