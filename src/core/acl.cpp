#include "core/acl.h"

#include "core/gojson.h"
#include "core/json_fields.h"

namespace mig {
namespace {

std::string Upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

Result<AclEntry> EntryFromJson(const Json& doc, const std::string& path) {
  FieldReader r(doc, path);
  MIG_RETURN_IF_ERROR(r.CheckObject());
  AclEntry entry;
  MIG_RETURN_IF_ERROR(r.Int("minimumweight", entry.minimum_weight));
  if (const Json* invs = r.Find("investigators")) {
    const std::string invs_path = r.PathOf("investigators");
    if (!invs->is_object()) {
      return Status::Error(invs_path + ": expected an object, got " + JsonTypeName(*invs));
    }
    for (const auto& [label, value] : invs->items()) {
      FieldReader s(value, invs_path + "." + label);
      MIG_RETURN_IF_ERROR(s.CheckObject());
      AclSigner signer;
      MIG_RETURN_IF_ERROR(s.String("fingerprint", signer.fingerprint));
      MIG_RETURN_IF_ERROR(s.Int("weight", signer.weight));
      MIG_RETURN_IF_ERROR(s.RejectUnknown());
      entry.investigators[label] = std::move(signer);
    }
  }
  MIG_RETURN_IF_ERROR(r.RejectUnknown());
  return entry;
}

}  // namespace

Result<Acl> ParseAcl(std::string_view text) {
  auto doc = ParseGoJson(text);
  if (!doc) return doc.status().Context("acl");
  if (!doc->is_object()) {
    return Result<Acl>::Error("acl: expected an object of module names, got " + JsonTypeName(*doc));
  }
  Acl acl;
  for (const auto& [module, value] : doc->items()) {
    auto entry = EntryFromJson(value, "acl." + module);
    if (!entry) return entry.status();
    acl[module] = std::move(*entry);
  }
  return acl;
}

Acl DefaultAcl() {
  Acl acl;
  acl["default"].minimum_weight = 1;
  return acl;
}

Result<AclTally> TallyPermission(const Acl& acl, const std::string& module,
                                 const std::vector<std::string>& fingerprints, AclScope scope) {
  const bool respond = scope == AclScope::kRespond;
  const std::string fallback = respond ? std::string(kRespondAclEntry) : "default";
  AclTally tally;
  tally.entry = module;
  auto it = acl.find(module);
  if (it == acl.end()) {
    it = acl.find(fallback);
    if (it == acl.end()) {
      if (respond) {
        return Status::Error("no ACL entry found for respond module " + module +
                             ", and no respond entry present (the default entry never applies "
                             "to respond modules)");
      }
      return Status::Error("no ACL entry found for " + module + ", and no default present");
    }
    tally.entry = fallback;
  }
  const AclEntry& entry = it->second;
  if (entry.minimum_weight < 1) {
    return Status::Error("invalid ACL " + tally.entry + ", weight must be > 0");
  }
  tally.minimum_weight = entry.minimum_weight;
  for (size_t i = 0; i < fingerprints.size(); ++i) {
    const std::string& fp = fingerprints[i];
    // MIG compares repeats exactly; ignoring case is stricter and agrees
    // with it on every fingerprint MIG's own code produces.
    for (size_t j = 0; j < i; ++j) {
      if (Upper(fingerprints[j]) == Upper(fp)) {
        return Status::Error("permission violation: key " + fp + " used to sign multiple times");
      }
    }
    for (const auto& [label, signer] : entry.investigators) {
      if (Upper(signer.fingerprint) == Upper(fp)) tally.weight += signer.weight;
    }
  }
  return tally;
}

Status CheckPermission(const Acl& acl, const std::string& module,
                       const std::vector<std::string>& fingerprints, AclScope scope) {
  auto tally = TallyPermission(acl, module, fingerprints, scope);
  if (!tally) return tally.status();
  if (tally->weight < tally->minimum_weight) {
    const std::string what = scope == AclScope::kRespond ? "respond operation " + module +
                                                               " (ACL entry " + tally->entry + ")"
                                                         : "operation " + module;
    return Status::Error(
        "permission denied for " + what + ", insufficient signatures weight (need " +
        std::to_string(tally->minimum_weight) + ", got " + std::to_string(tally->weight) + ")");
  }
  return Status::Ok();
}

AclScope ScopeOf(const IsRespondModule& is_respond, const std::string& module) {
  return is_respond && is_respond(module) ? AclScope::kRespond : AclScope::kInvestigate;
}

Status CheckActionPermissions(const Acl& acl, const Action& action,
                              const std::vector<std::string>& fingerprints,
                              const IsRespondModule& is_respond) {
  if (!action.operations) return Status::Ok();
  for (const Operation& op : *action.operations) {
    MIG_RETURN_IF_ERROR(
        CheckPermission(acl, op.module, fingerprints, ScopeOf(is_respond, op.module)));
  }
  return Status::Ok();
}

}  // namespace mig
