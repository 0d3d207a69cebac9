// The exact byte string that investigators sign and agents verify
// (protocol.md 3.1-3.2):
//   name=<name>;target=<target>;validfrom=<unix>;expireafter=%!s(int64=<unix>);operations=<OPS>;
// OPS is Go's json.Marshal of the decoded operations: module, parameters,
// is_compressed (when true), want_compressed (when true); parameters with
// sorted keys and every number printed as a double. No trailing newline.
#pragma once

#include <string>

#include "core/documents.h"

namespace mig {

// Build it from an action read with ParseAction (or built in memory): the
// bytes received on the wire are never used.
std::string SignedString(const Action& action);

// Just the OPS part: "null" when operations is null.
std::string SignedOperations(const Action& action);

}  // namespace mig
