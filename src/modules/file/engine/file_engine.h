// The file module's engine: compiles the searches and walks the file
// system (spec/modules/file.md sections 4-7). Only mig-agent links it.
#pragma once

#include "core/documents.h"
#include "modules/file/params.h"

namespace mig::modules::file {

// Runs validated parameters.
ModuleResult RunFileSearch(const Parameters& params);

}  // namespace mig::modules::file
