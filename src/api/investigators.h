// Creating investigators, shared by POST /investigator/create/ and the
// `mig-api --init-investigator` bootstrap of a new installation.
#pragma once

#include <string>

#include "core/documents.h"
#include "core/status.h"
#include "store/store.h"

namespace mig::api {

// Inserts an active investigator. armored_key may be empty (API-key-only
// user); otherwise it must hold exactly one OpenPGP public key, whose
// fingerprint (uppercase) must not be taken yet.
Result<Id> CreateInvestigator(store::Store& store, const std::string& name,
                              const std::string& armored_key, uint64_t permissions);

// The investigator JSON of GET /investigator: with publickey (base64),
// "apikey":"set" when a key exists, and the permission object.
std::string WriteInvestigatorRecord(const store::InvestigatorRecord& r);

}  // namespace mig::api
