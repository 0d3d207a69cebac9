// `mig action sign FILE`: MIG's action generator without the launch. Fills
// the times MIG fills, compresses what asks for it, appends a signature.
#pragma once

#include <string>
#include <vector>

namespace mig::client {

// args excludes "mig action sign". Exit status: 0 signed and written,
// 1 signing failed (key, passphrase, same signer twice), 2 usage or input error.
int RunActionSign(const std::vector<std::string>& args);

}  // namespace mig::client
