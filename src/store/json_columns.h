// JSON text of the sub-documents kept in JSON columns, with MIG's keys
// (protocol.md 2, 5.2, 6.2). Interim: to be replaced by core/documents_json.h
// once that lands on main.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/documents.h"
#include "core/status.h"
#include "store/records.h"

namespace mig::store {

std::string OperationsToJson(const std::optional<std::vector<Operation>>& ops);
Result<std::optional<std::vector<Operation>>> OperationsFromJson(const std::string& text);

std::string ResultsToJson(const std::vector<ModuleResult>& results);
Result<std::vector<ModuleResult>> ResultsFromJson(const std::string& text);

std::string EnvironmentToJson(const Environment& env);
Result<Environment> EnvironmentFromJson(const std::string& text);

std::string TagsToJson(const std::map<std::string, std::string>& tags);
Result<std::map<std::string, std::string>> TagsFromJson(const std::string& text);

std::string DescriptionToJson(const Description& d);
Result<Description> DescriptionFromJson(const std::string& text);
std::string ThreatToJson(const Threat& t);
Result<Threat> ThreatFromJson(const std::string& text);

std::string StringsToJson(const std::vector<std::string>& v);
Result<std::vector<std::string>> StringsFromJson(const std::string& text);

std::string VersionCountsToJson(const std::vector<VersionCount>& v);
Result<std::vector<VersionCount>> VersionCountsFromJson(const std::string& text);

}  // namespace mig::store
