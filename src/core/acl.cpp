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

Status CheckPermission(const Acl& acl, const std::string& module,
                       const std::vector<std::string>& fingerprints) {
  std::string name = module;
  auto it = acl.find(module);
  if (it == acl.end()) {
    it = acl.find("default");
    if (it == acl.end()) {
      return Status::Error("no ACL entry found for " + module + ", and no default present");
    }
    name = "default";
  }
  const AclEntry& entry = it->second;
  if (entry.minimum_weight < 1) {
    return Status::Error("invalid ACL " + name + ", weight must be > 0");
  }
  int64_t total = 0;
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
      if (Upper(signer.fingerprint) == Upper(fp)) total += signer.weight;
    }
  }
  if (total < entry.minimum_weight) {
    return Status::Error(
        "permission denied for operation " + module + ", insufficient signatures weight (need " +
        std::to_string(entry.minimum_weight) + ", got " + std::to_string(total) + ")");
  }
  return Status::Ok();
}

Status CheckActionPermissions(const Acl& acl, const Action& action,
                              const std::vector<std::string>& fingerprints) {
  if (!action.operations) return Status::Ok();
  for (const Operation& op : *action.operations) {
    MIG_RETURN_IF_ERROR(CheckPermission(acl, op.module, fingerprints));
  }
  return Status::Ok();
}

}  // namespace mig
