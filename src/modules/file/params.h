// The file module's parameters (spec/modules/file.md section 2): decoding
// with Go encoding/json rules, and validation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/documents.h"
#include "core/status.h"

namespace mig::modules::file {

// "Unlimited" for maxdepth, maxerrors and matchlimit.
inline constexpr uint64_t kUnlimited = uint64_t{1} << 50;

struct SearchOptions {
  double maxdepth = 0;    // 0 = unlimited; the search path is depth 1
  double maxerrors = 0;   // 0 = unlimited
  double matchlimit = 0;  // 0 = unlimited
  bool remotefs = false;  // accepted, no effect
  bool matchall = false;
  bool macroal = false;
  std::optional<std::vector<std::string>> mismatch;  // nullopt is JSON null
  std::string debug;
  bool returnsha256 = false;
  bool decompress = false;
};

struct Search {
  std::string label;
  std::string description;
  std::vector<std::string> paths;  // cleaned (CleanPath)
  std::vector<std::string> contents, names, sizes, modes, mtimes, md5, sha1, sha2, sha3;
  SearchOptions options;

  bool Mismatches(const std::string& filter) const;
};

struct Parameters {
  std::vector<Search> searches;  // sorted by label
};

// Decodes {"searches":{label:{...}}}. Keys match case-insensitively (an
// exact match wins), unknown keys are ignored, null leaves the zero value,
// a wrong type is an error naming the field.
Result<Parameters> DecodeParameters(const Json& parameters);

// Applies every rule of spec section 2.4, plus the recommended stricter
// ones (digits required in sizes and mtimes, sha2/sha3 lengths checked).
// The error says which search and value is wrong and what is expected.
Status ValidateParameters(const Parameters& parameters);

// Effective limits: 0 (or negative) means kUnlimited.
uint64_t EffectiveLimit(double value);

// The search as results echo it (spec 7.1/7.2): key order of MIG's struct,
// omitempty fields left out; zero_limits sets maxdepth, maxerrors and
// matchlimit to 0 as matchall results do.
OrderedJson SearchToJson(const Search& search, bool zero_limits);
// {"searches":{...}}, as `mig file ... -p` shows it.
OrderedJson ParametersToJson(const Parameters& parameters);

}  // namespace mig::modules::file
