// `mig action verify FILE`: MIG's action verifier, plus the agent's ACL
// check. Says, for people, whether each signature is valid and by whom,
// whether the action is within its validity window and, with an ACL, whether
// each operation is allowed.
#pragma once

#include <string>
#include <vector>

namespace mig::client {

// args excludes "mig action verify". Exit status: 0 everything checks out,
// 1 verification failed, 2 usage error, unreadable file or malformed input.
int RunActionVerify(const std::vector<std::string>& args);

}  // namespace mig::client
