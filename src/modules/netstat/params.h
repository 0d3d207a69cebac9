// netstat parameters (spec/modules/netstat.md sections 2-3): decoding with
// Go rules, validation with MIG's messages, and the `mig netstat` flags.
#pragma once

#include <string>
#include <vector>

#include "core/documents.h"
#include "core/status.h"
#include "modules/go_flags.h"

namespace mig::modules::netstat {

struct Parameters {
  std::vector<std::string> localmac;       // regex, case-insensitive
  std::vector<std::string> localip;        // ip or cidr
  std::vector<std::string> neighbormac;    // regex, case-sensitive
  std::vector<std::string> neighborip;     // ip or cidr
  std::vector<std::string> connectedip;    // ip or cidr
  std::vector<std::string> listeningport;  // decimal port
  bool namespaces = false;
};

Result<Parameters> DecodeParameters(const Json& json);

// The first invalid value, with a message that says what to fix.
Status ValidateParameters(const Parameters& params);

// Lists omitted when empty, namespaces always written.
OrderedJson ParametersToJson(const Parameters& params);

Result<Parameters> ParseNetstatArgs(const std::vector<std::string>& args,
                                    const FileSource& files = NoFiles());
// The flags ParseNetstatArgs takes, with their help.
std::vector<FlagInfo> NetstatFlags();
std::string NetstatUsage();

}  // namespace mig::modules::netstat
