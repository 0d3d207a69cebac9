// ping parameters (spec/modules/ping.md sections 2-3): decoding with Go
// rules, validation with destination resolution, and the `mig ping` flags.
#pragma once

#include <string>
#include <vector>

#include "core/documents.h"
#include "core/status.h"
#include "modules/go_flags.h"

namespace mig::modules::ping {

struct Parameters {
  std::string destination;
  double destinationport = 0;  // tcp and udp only
  std::string protocol;        // icmp | tcp | udp
  double count = 0;            // 0 means 3
  double timeout = 0;          // seconds per attempt; 0 means 5
};

// What validation settles: the address to probe and the effective values.
struct Target {
  std::string ip;  // first resolved address, in text form
  int port = 0;
  int count = 3;
  int timeout_seconds = 5;
};

Result<Parameters> DecodeParameters(const Json& json);

// Checks protocol, port, count and timeout, then resolves the destination.
Result<Target> ValidateParameters(const Parameters& params);

OrderedJson ParametersToJson(const Parameters& params);

Result<Parameters> ParsePingArgs(const std::vector<std::string>& args,
                                 const FileSource& files = NoFiles());
// The flags ParsePingArgs takes, with their help.
std::vector<FlagInfo> PingFlags();
std::string PingUsage();

}  // namespace mig::modules::ping
