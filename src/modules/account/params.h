// account parameters: {"lock":"USER"} or {"unlock":"USER"}, and "dryrun",
// read with Go rules like every module's; `mig account` flags.
#pragma once

#include <string>
#include <vector>

#include "core/documents.h"
#include "core/status.h"
#include "modules/go_flags.h"

namespace mig::modules::account {

struct Parameters {
  std::string lock;    // user to lock
  std::string unlock;  // user to unlock
  bool dryrun = false;
};

Result<Parameters> DecodeParameters(const Json& json);

// Exactly one of lock and unlock, naming a valid login name.
Status ValidateParameters(const Parameters& params);

// The one operation set, and dryrun always.
OrderedJson ParametersToJson(const Parameters& params);

Result<Parameters> ParseAccountArgs(const std::vector<std::string>& args,
                                    const FileSource& files = NoFiles());
// The flags ParseAccountArgs takes, with their help.
std::vector<FlagInfo> AccountFlags();
std::string AccountUsage();

}  // namespace mig::modules::account
