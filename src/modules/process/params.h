// process parameters (docs/modules/process.md): one selector (pid, name,
// exe or sha256), the signal (term, kill, stop), the grace before term
// becomes kill, and dryrun. Decoded with Go rules, validated into a Request.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/documents.h"
#include "core/status.h"
#include "modules/go_flags.h"

namespace mig::modules::process {

// As the action carries it: a key that is present (even empty or zero) is
// a selector given, so {"pid":0} is an error and not "no selector".
struct Parameters {
  std::optional<int64_t> pid;
  std::optional<std::string> name;    // RE2 regex on the executable's base name
  std::optional<std::string> exe;     // absolute path of the executable
  std::optional<std::string> sha256;  // sha256 of the executable's content
  std::string signal;                 // term (when empty), kill or stop
  std::string grace;                  // Go duration; 5s when empty
  bool dryrun = false;
};

enum class Signal { kTerm, kKill, kStop };

struct Selector {
  enum Kind { kPid, kName, kExe, kSha256 } kind = kPid;
  int pid = 0;
  std::string value;  // name, exe or sha256 (lower-case hex)
};

// Validated parameters, ready to run.
struct Request {
  Selector selector;
  Signal signal = Signal::kTerm;
  int64_t grace_ns = 0;  // term only
  bool dryrun = false;
};

inline constexpr int64_t kDefaultGraceNs = 5'000'000'000;
// Well below the agent's module timeout (300 s by default), so that the
// KILL after the grace still happens inside the module's run.
inline constexpr int64_t kMaxGraceNs = 60'000'000'000;
inline constexpr int kMaxPid = 4194304;  // PID_MAX_LIMIT on 64-bit Linux
inline constexpr size_t kMaxTextBytes = 4096;

Result<Parameters> DecodeParameters(const Json& json);
Result<Request> ValidateParameters(const Parameters& params);

// Only the selector given; signal always; grace for term; dryrun when true.
OrderedJson ParametersToJson(const Parameters& params);

// "pid 1234", "name '^evil'": what the selector was, for results and lines.
std::string DescribeSelector(const Selector& selector);
std::string_view SignalWord(Signal signal);  // "term", "kill", "stop"

Result<Parameters> ParseProcessArgs(const std::vector<std::string>& args,
                                    const FileSource& files = NoFiles());
// The flags ParseProcessArgs takes, with their help.
std::vector<FlagInfo> ProcessFlags();
std::string ProcessUsage();

}  // namespace mig::modules::process
