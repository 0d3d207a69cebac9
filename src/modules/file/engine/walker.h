// Walks the roots of every search (spec/modules/file.md section 4) with a
// pool of threads, each directory listed once. Entries are classified from
// the directory entry type; a stat is taken only for links, unknown types
// and when a filter needs one. Directory links are never followed.
#pragma once

#include "modules/file/engine/run_state.h"

namespace mig::modules::file {

// threads = 0 picks the number of cores.
void WalkAll(RunState& state, unsigned threads = 0);

}  // namespace mig::modules::file
