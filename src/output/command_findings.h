// The library's entry point for producers (mig, mig-runner, the agent's
// alerts): one command's results turned into finding lines, ready for a Sink.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/documents.h"
#include "output/format.h"

namespace mig::output {

// OCSF severity_id (0 Unknown, 1 Informational .. 5 Critical), also used
// for the syslog severity of the line.
enum class Severity {
  kUnknown = 0,
  kInformational = 1,
  kLow = 2,
  kMedium = 3,
  kHigh = 4,
  kCritical = 5
};

// A finding line is at most this long, whatever agents send: it fits in one
// UDP syslog datagram with its header.
inline constexpr size_t kMaxLineBytes = 60000;

// One finding, serialized: a single line of JSON (no newline, every string
// valid UTF-8, control bytes escaped, long strings cut, at most
// kMaxLineBytes).
struct FindingLine {
  std::string json;
  Severity severity = Severity::kUnknown;
  std::string kind;  // "compliance" or "detection" (the syslog MSGID)
};

// The findings of one command. action gives each operation's module (a
// command's results follow the operation order) and the investigators;
// command.action may be empty. A command that failed, timed out, expired or
// was cancelled, and a module that failed, give one finding with an error
// outcome, whatever the selection.
std::vector<FindingLine> CommandFindings(const Action& action, const Command& command,
                                         Format format, Selection selection = Selection::kFound);

}  // namespace mig::output
