// scribe parameters (spec/modules/scribe.md section 2): the policy document
// and the three output switches, decoded with Go rules; `mig scribe` flags.
#pragma once

#include <string>
#include <vector>

#include "core/documents.h"
#include "core/status.h"
#include "modules/go_flags.h"
#include "modules/scribe/document.h"

namespace mig::modules::scribe {

struct Parameters {
  Document document;
  bool onlytrue = false;
  bool humanoutput = false;
  bool jsonoutput = false;
};

Result<Parameters> DecodeParameters(const Json& json);
Status ValidateParameters(const Parameters& params);
OrderedJson ParametersToJson(const Parameters& params);

// -path FILE (read here, on the investigator's machine), -onlytrue,
// -human, -json.
Result<Parameters> ParseScribeArgs(const std::vector<std::string>& args, const FileSource& files);
// The flags ParseScribeArgs takes, with their help.
std::vector<FlagInfo> ScribeFlags();
std::string ScribeUsage();

}  // namespace mig::modules::scribe
