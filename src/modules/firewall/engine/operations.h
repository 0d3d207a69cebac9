// Runs one validated request against the kernel's nftables: reads table
// inet mig, works out the commands, applies them as one transaction (or,
// with dryrun, only reports them) and reads the table again.
#pragma once

#include "core/documents.h"
#include "modules/firewall/params.h"

namespace mig::modules::firewall {

class NftSession;

ModuleResult Execute(const Request& request, NftSession& nft);

// Opens a session (an error result when it cannot) and executes.
ModuleResult Execute(const Request& request);

ModuleResult FailureResult(const std::string& message);

}  // namespace mig::modules::firewall
