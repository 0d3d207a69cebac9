// Investigator permissions as the console names them (api.md 3): the named
// sets Default, PermManifest, PermLoader and PermAdmin.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace mig::console {

const std::vector<std::string>& PermissionSetNames();

// The JSON object of booleans for the API, Default always included. An
// unknown set name is an error listing the known ones.
Result<std::string> PermissionsJson(const std::vector<std::string>& sets);

}  // namespace mig::console
