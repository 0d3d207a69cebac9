// timedrift parameters (spec/modules/timedrift.md): decoding with Go rules,
// validation of the drift duration, and the `mig timedrift` flags.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/documents.h"
#include "core/status.h"
#include "modules/go_flags.h"

namespace mig::modules::timedrift {

struct Parameters {
  std::string drift;  // Go duration; empty: report the local time only
};

Result<Parameters> DecodeParameters(const Json& parameters);

// The drift in nanoseconds (0 when none is asked), or why it is invalid.
Result<int64_t> ValidateParameters(const Parameters& params);

OrderedJson ParametersToJson(const Parameters& params);

Result<Parameters> ParseTimedriftArgs(const std::vector<std::string>& args,
                                      const FileSource& files = NoFiles());
// The flags ParseTimedriftArgs takes, with their help.
std::vector<FlagInfo> TimedriftFlags();
std::string TimedriftUsage();

}  // namespace mig::modules::timedrift
