// Where finding lines go. A Sink writes one line per call and never blocks a
// producer for longer than its timeout; a failed write returns an error that
// names the destination, and the next write tries again.
#pragma once

#include "core/status.h"
#include "output/command_findings.h"

namespace mig::output {

class Sink {
 public:
  virtual ~Sink() = default;
  virtual Status Write(const FindingLine& line) = 0;
};

}  // namespace mig::output
