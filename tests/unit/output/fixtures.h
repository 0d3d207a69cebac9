// Actions and commands as producers hold them, for the output tests.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/documents.h"
#include "output/command_findings.h"

namespace mig::output::test {

// An action of the given modules (one operation each), signed by one
// investigator, threat level "high".
Action MakeAction(const std::vector<std::string>& modules);

// A successful command on web1.example.net (linux, Debian, 10.1.2.3/24 and
// 127.0.0.1/8) with the given module results (JSON as the agent sends it).
Command MakeCommand(const Action& action, const std::vector<std::string>& results_json);

// Each line parsed (the test fails on a line that is not one JSON object).
std::vector<nlohmann::json> Parse(const std::vector<FindingLine>& lines);

}  // namespace mig::output::test
