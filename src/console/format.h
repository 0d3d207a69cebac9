// How the console shows the API's documents to a person. Everything takes
// the JSON values of Collection+JSON items and tolerates missing fields, so a
// partial document prints what it has instead of failing.
#pragma once

#include <string>
#include <vector>

#include "console/console_api.h"
#include "core/gojson.h"

namespace mig::console {

// The dashboard: agent statistics and the latest actions.
std::string FormatDashboard(const std::vector<ApiItem>& items);

std::string FormatActionDetails(const Json& action);
std::string FormatActionCounters(const Json& action);
std::string FormatActionTimes(const Json& action);
std::string FormatActionInvestigators(const Json& action);
std::string FormatAgentDetails(const Json& agent);
std::string FormatInvestigatorDetails(const Json& investigator);
std::string FormatCommandDetails(const Json& command);

// One line per document, for lists and search results.
std::string ActionLine(const Json& action);
std::string AgentLine(const Json& agent);
std::string CommandLine(const Json& command);
std::string InvestigatorLine(const Json& investigator);
// Header line matching the *Line functions of a type.
std::string HeaderFor(const std::string& type);
// A search result of `type` as a header and one line per object.
std::string FormatSearchResults(const std::string& type, const std::vector<ApiItem>& items);

// A command's module results through each module's own printer, every line
// prefixed with the agent's name; found_only keeps what found something.
std::vector<std::string> CommandResultLines(const Json& command, bool found_only);

// Indented JSON, for the `json` commands.
std::string PrettyJson(const Json& value);

// Small readers of loosely typed fields.
std::string Str(const Json& obj, const std::string& key);
long long Num(const Json& obj, const std::string& key);

}  // namespace mig::console
