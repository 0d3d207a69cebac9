#include "api/investigators.h"

#include "api/permissions.h"
#include "core/documents_json.h"
#include "core/pgp/keyring.h"

namespace mig::api {

Result<Id> CreateInvestigator(store::Store& store, const std::string& name,
                              const std::string& armored_key, uint64_t permissions) {
  if (name.empty()) return Status::Error("investigator name is empty");
  if (name.size() > 1024) return Status::Error("investigator name is longer than 1024 bytes");
  store::InvestigatorRecord r;
  r.info.name = name;
  r.info.status = "active";
  r.info.created_at = r.info.last_modified = Time::Now();
  r.permission_mask = permissions;
  if (!armored_key.empty()) {
    pgp::Keyring ring;
    if (Status s = ring.Add(armored_key); !s.ok())
      return s.Context("public key is not a readable OpenPGP key");
    const auto fprs = ring.Fingerprints();
    if (fprs.size() != 1)
      return Status::Error("public key must hold exactly one key, found " +
                           std::to_string(fprs.size()));
    auto existing = store.FindInvestigatorByFingerprint(fprs[0]);
    if (!existing.ok()) return existing.status();
    if (*existing)
      return Status::Error("Investigator's PGP Fingerprint already exists in database (" + fprs[0] +
                           ", investigator " + std::to_string((*existing)->info.id) + ")");
    r.info.pgp_fingerprint = fprs[0];
    r.info.public_key = armored_key;
  }
  return store.InsertInvestigator(r);
}

std::string WriteInvestigatorRecord(const store::InvestigatorRecord& r) {
  Investigator inv = r.info;
  inv.permissions = PermissionNames(r.permission_mask);
  std::string json = WriteInvestigator(inv, /*include_public_key=*/true);
  // Go's order puts apikey right before permissions; the core writer does
  // not know about API keys.
  if (!r.api_key_hash.empty()) {
    const size_t at = json.rfind(",\"permissions\":");
    if (at != std::string::npos) json.insert(at, ",\"apikey\":\"set\"");
  }
  return json;
}

}  // namespace mig::api
