// `mig action sign FILE`: MIG's action generator without the launch. Fills
// the times MIG fills, compresses what asks for it, appends a signature.
#pragma once

#include <string>
#include <vector>

#include "client/migrc.h"
#include "core/documents.h"
#include "core/pgp/sign.h"
#include "core/status.h"

namespace mig::client {

// args excludes "mig action sign". Exit status: 0 signed and written,
// 1 signing failed (key, passphrase, same signer twice), 2 usage or input error.
int RunActionSign(const std::vector<std::string>& args);

// Refuses a signer who already signed the action: agents reject an action
// signed twice by the same key.
Status CheckNotSignedYet(const Action& action, const pgp::MadeSignature& made);

// Adds the signature of the migrc's key (SignWithMigrc) unless that key
// signed already: how `mig` and mig-runner sign what they launch.
Status SignActionWithMigrc(const Migrc& rc, Action& action);

}  // namespace mig::client
