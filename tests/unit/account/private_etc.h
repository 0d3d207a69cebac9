// A private mount namespace for the whole test process, with a copy of the
// host's /etc bind-mounted over /etc: what the account module changes there
// (and what useradd run from the tests changes) never reaches the host.
#pragma once

#include <string>

namespace mig::test {

// Enters it once (root only; call before any thread starts). Empty on
// success, else why the tests that need it must skip.
std::string EnterPrivateEtc();

// The copy's directory outside the mount (removed at exit).
const std::string& PrivateEtcCopy();

}  // namespace mig::test
