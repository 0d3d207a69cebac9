// Files a daemon must not lose to a crash or a power cut (the agent's journal and action
// ledger): written whole or not at all.
#pragma once

#include <string>

#include "core/status.h"

namespace mig {

// Writes path.tmp, fsyncs it, renames it over path and fsyncs the directory.
Status WriteFileDurably(const std::string& path, const std::string& data);

}  // namespace mig
