// pkg parameters (spec: modules/pkg.md sections 2-3): decoding with Go
// rules, validation with MIG's messages, and the `mig pkg` flags.
#pragma once

#include <string>
#include <vector>

#include "core/documents.h"
#include "core/status.h"
#include "modules/go_flags.h"

namespace mig::modules::pkg {

struct Parameters {
  std::vector<std::string> matches;  // pkgmatch.matches: name regexes, searched unanchored
  std::string vermatch;              // "" no filter; "!re" keeps versions re does not match
};

// The version filter vermatch describes.
struct VersionFilter {
  std::string regex;  // empty: every version is kept
  bool inverted = false;
};
VersionFilter VersionFilterOf(const std::string& vermatch);

Result<Parameters> DecodeParameters(const Json& json);
Status ValidateParameters(const Parameters& params);
OrderedJson ParametersToJson(const Parameters& params);
Result<Parameters> ParsePkgArgs(const std::vector<std::string>& args,
                                const FileSource& files = NoFiles());
// The flags ParsePkgArgs takes, with their help.
std::vector<FlagInfo> PkgFlags();
std::string PkgUsage();

}  // namespace mig::modules::pkg
