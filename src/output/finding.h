// A finding before it is written in a format: what one module answer (or one
// element of it) says about one agent, with the typed facts both formats
// map to their own fields. Renderers (ocsf.h, ecs.h) add the agent, the
// action and the command.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/documents.h"

namespace mig::output {

enum class FindingClass { kCompliance, kDetection };

enum class Outcome {
  kMatch,    // detection: the element matched an indicator
  kNoMatch,  // detection: the module found nothing (only when asked for)
  kPass,     // compliance: the check passed
  kFail,     // compliance: the check failed
  kError,    // the command, the module or the check could not run
};

struct FileFacts {
  std::string path;
  std::optional<int64_t> size;
  std::string mode, modified;  // as the module wrote them
  std::string sha256;          // upper-case hex, when the module gave it
};

struct ProcessFacts {
  int64_t pid = 0;
  std::string name;  // the executable path, as the memory module reports it
};

struct ConnectionFacts {
  std::string local_ip, remote_ip;  // checked IP literals, else empty
  std::optional<int64_t> local_port, remote_port;
  std::string local_mac, remote_mac, network_namespace;
};

struct PackageFacts {
  std::string name, version, type, arch;
};

struct CheckFacts {
  std::string test_id, name, description;
  std::vector<std::pair<std::string, std::string>> tags;
  std::vector<std::pair<bool, std::string>> results;  // (result, identifier)
};

struct Finding {
  FindingClass finding_class = FindingClass::kDetection;
  Outcome outcome = Outcome::kMatch;
  std::string module;
  size_t operation = 0;   // index of the operation in the action
  size_t index = 0;       // index of the finding within the operation's answer
  std::string title;      // one human line
  std::string criterion;  // what was searched for: "s1", "connectedip 10.0.0.0/8"
  std::vector<std::string> errors;
  std::optional<FileFacts> file;
  std::optional<ProcessFacts> process;
  std::optional<ConnectionFacts> connection;
  std::optional<PackageFacts> package;
  std::optional<CheckFacts> check;
  OrderedJson evidence;  // the module's own element, kept as it came
};

}  // namespace mig::output
