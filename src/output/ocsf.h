// A finding as an OCSF 1.3.0 event: Compliance Finding (class_uid 2003) or
// Detection Finding (2004). docs/output.md lists every field written.
#pragma once

#include "core/documents.h"
#include "output/finding.h"

namespace mig::output {

OrderedJson OcsfFinding(const Finding& finding, const Action& action, const Command& command);

}  // namespace mig::output
