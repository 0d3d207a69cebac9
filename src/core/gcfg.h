// The configuration file format of every MIG component: gcfg, a git-config
// style INI (components.md section 2). Section and key names are
// case-insensitive; repeated keys build a list; values may be quoted.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace mig {

class ConfigFile {
 public:
  // Parses text; errors carry the line number and say what is wrong.
  static Result<ConfigFile> Parse(std::string_view text, const std::string& origin = "config");
  static Result<ConfigFile> Load(const std::string& path);

  bool HasSection(std::string_view section) const;
  bool Has(std::string_view section, std::string_view key) const;
  // The last value of section.key, or fallback when absent.
  std::string Get(std::string_view section, std::string_view key,
                  const std::string& fallback = "") const;
  // Every value of a repeated key, in file order.
  std::vector<std::string> GetAll(std::string_view section, std::string_view key) const;
  // on/off, true/false, yes/no, 1/0; a key written without "=" is true.
  Result<bool> GetBool(std::string_view section, std::string_view key, bool fallback) const;

  // Keys present in the file that are not in allowed (lower-case
  // "section.key" names): MIG rejects files with unknown keys.
  std::vector<std::string> UnknownKeys(const std::vector<std::string>& allowed) const;

 private:
  // "section.key" (lower-case) -> values in order.
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> sections_;
};

// Go duration strings: "300s", "5m", "1h30m", "1.5h", "87s", "250ms", "0".
// Returns nanoseconds.
Result<int64_t> ParseGoDuration(std::string_view text);

// Go's Duration.String(): "5m0s", "1h0m0.5s", "1.5µs", "0s".
std::string FormatGoDuration(int64_t nanos);

}  // namespace mig
