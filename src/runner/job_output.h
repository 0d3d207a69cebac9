// A job's built-in output (entity.cfg [output]): its findings written as
// OCSF or ECS JSON lines (the output library, src/output/) to a file and/or
// a syslog receiver, once its results are collected.
//   [output]
//       format = ocsf            ; or ecs
//       file   = /var/log/mig/compliance.jsonl
//       syslog = udp://127.0.0.1:514   ; tcp://, unix:///path, unix-stream:///path
//       show   = found           ; notfound, all (which answers become findings)
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/documents.h"
#include "core/gcfg.h"
#include "core/status.h"
#include "output/format.h"
#include "output/syslog_sink.h"

namespace mig::runner {

struct JobOutput {
  output::Format format = output::Format::kOcsf;
  output::Selection selection = output::Selection::kFound;
  std::string file;                             // absolute path, or empty
  std::optional<output::SyslogOptions> syslog;  // or none
};

// The [output] section of an entity.cfg; nullopt when there is none.
Result<std::optional<JobOutput>> ReadJobOutput(const ConfigFile& entity);

// Writes the findings of every command to each destination. Commands the
// API returned that cannot be read are counted in the error, the others
// still written.
Status WriteJobFindings(const JobOutput& out, const Action& action,
                        const std::vector<Json>& commands);

}  // namespace mig::runner
