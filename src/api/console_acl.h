// [console] acl: the agents' ACL (docs/acl.md) the operator gives mig-api so
// that GET /acl can tell the console which weight an action still lacks.
// mig-api enforces nothing with it; the agents do.
#pragma once

#include <cstddef>
#include <string>

#include "core/acl.h"
#include "core/status.h"

namespace mig::api {

// An ACL is a few kilobytes; a bigger file is not one.
inline constexpr size_t kMaxAclFileBytes = 1024 * 1024;

// The ACL as JSON with the field names agents write (minimumweight,
// investigators, fingerprint, weight), modules and labels sorted.
std::string WriteAclJson(const Acl& acl);

// Reads and parses the file (core's ACL parser, as agents); errors name
// console.acl and the file. Returns WriteAclJson of it.
Result<std::string> LoadConsoleAcl(const std::string& path, size_t max_bytes = kMaxAclFileBytes);

}  // namespace mig::api
