// This machine described as an agent, for findings of `mig -t local`
// (there is no agent record: the facts are read here).
#pragma once

#include "core/documents.h"

namespace mig::client {

// Name (gethostname), os and arch (uname), ident (/etc/os-release
// PRETTY_NAME), interface addresses (getifaddrs, CIDR), version of mig.
Agent LocalAgent();

}  // namespace mig::client
