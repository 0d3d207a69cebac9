// A finding as an Elastic Common Schema 8.11 document. docs/output.md lists
// every field written.
#pragma once

#include "core/documents.h"
#include "output/finding.h"

namespace mig::output {

OrderedJson EcsFinding(const Finding& finding, const Action& action, const Command& command);

}  // namespace mig::output
