// The global options of `mig <module> ...` and `mig -i FILE ...`
// (components.md 9), read MIG's way: Go-style flags (-t x, -t=x, --t x)
// that come before the module's own options; the first flag that is not
// global starts the module's options.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/documents.h"
#include "core/status.h"
#include "output/format.h"

namespace mig::client {

inline constexpr const char* kDefaultTarget = "status='online'";
inline constexpr int64_t kDefaultExpirationSeconds = 300;

enum class ShowMode { kFound, kNotFound, kAll };

struct FleetOptions {
  std::string config_path;  // -c; empty: ~/.migrc
  std::string target;       // -t; empty: kDefaultTarget (with a notice)
  bool local = false;       // -t local / --local: run here, no API
  int64_t expiration_seconds = kDefaultExpirationSeconds;  // -e
  bool expiration_given = false;
  ShowMode show = ShowMode::kFound;  // -show
  std::string name;                  // -n
  bool print_only = false;           // -p: print the action, no signing
  bool sign_only = false;            // -s: sign and print, no launch
  Id target_found = 0;               // -target-found
  Id target_notfound = 0;            // -target-notfound
  bool compress = false;             // -z
  bool verbose = false;              // -v
  bool version = false;              // -V
  bool json = false;                 // -o json
  // -o ocsf | -o ecs: findings in a standard format (docs/output.md).
  std::optional<output::Format> findings_format;
  bool help = false;                     // -h / --help / help
  std::string action_file;               // -i
  std::vector<std::string> module_args;  // what follows the global options
};

// args: everything after `mig <module>` (or after `mig`, for -i). Errors
// name the flag and what it wants.
Result<FleetOptions> ParseFleetOptions(const std::vector<std::string>& args);

// The target the action gets: -t (a macro name is replaced by its
// expression), or the default; -target-found / -target-notfound add the
// agents that did / did not find something in an earlier action.
std::string ResolveTarget(const FleetOptions& o, const std::map<std::string, std::string>& macros);

// The default action name: the command line, cut near 100 characters.
std::string DefaultActionName(const std::string& module, const std::vector<std::string>& args);

// The usage text of the global options, with the exit codes.
std::string FleetUsage();

}  // namespace mig::client
