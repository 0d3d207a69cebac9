// Reading the agents' ACL (acl.cfg) on the investigator's side.
#pragma once

#include <string>

#include "core/acl.h"
#include "core/status.h"

namespace mig::client {

// Errors name the file and what is wrong in it.
Result<Acl> LoadAclFile(const std::string& path);

}  // namespace mig::client
