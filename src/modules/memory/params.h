// memory parameters (spec/modules/memory.md sections 2-3).
#pragma once

#include <string>
#include <vector>

#include "core/documents.h"
#include "core/status.h"
#include "modules/go_flags.h"

namespace mig::modules::memory {

struct Options {
  double offset = 0;     // first address to scan
  double maxlength = 0;  // bytes per process; 0 means unlimited
  bool logfailures = false;
  bool matchall = false;
};

struct Search {
  std::string label;
  std::string description;
  std::vector<std::string> names, libraries, contents, bytes;
  Options options;
};

struct Parameters {
  std::vector<Search> searches;  // sorted by label
};

Result<Parameters> DecodeParameters(const Json& json);
Status ValidateParameters(const Parameters& params);

// A search as MIG writes it: every key omitempty.
OrderedJson SearchToJson(const Search& s);
OrderedJson ParametersToJson(const Parameters& params);

// Hex text to bytes ("dead" -> {0xde,0xad}); nothing when invalid.
bool DecodeHex(const std::string& hex, std::string* out);

Result<Parameters> ParseMemoryArgs(const std::vector<std::string>& args,
                                   const FileSource& files = NoFiles());
// The flags ParseMemoryArgs takes, with their help.
std::vector<FlagInfo> MemoryFlags();
std::string MemoryUsage();

}  // namespace mig::modules::memory
