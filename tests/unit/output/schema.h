// The fields the output library writes, by class, with their JSON types:
// the description docs/output.md gives, and a checker that holds every
// produced line against it (a missing required field or a wrong type is a
// violation).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mig::output::test {

enum class FieldType {
  kString,
  kInteger,
  kBoolean,
  kObject,
  kJson,  // any JSON value (the module's own element)
  kStringArray,
  kObjectArray,
  kIp,  // a string that is an IPv4 or IPv6 literal
  kIpArray,
  kIsoTime,  // "YYYY-MM-DDTHH:MM:SS.mmmZ"
};

struct Field {
  std::string path;  // "metadata.product.name"; "evidences[].file.path" inside arrays
  FieldType type;
  bool required;
};

struct Schema {
  std::string name;
  std::vector<Field> fields;
};

const Schema& OcsfComplianceFinding();
const Schema& OcsfDetectionFinding();
const Schema& EcsFinding();

// Every violation, as "path: what" (empty: the document conforms). Fields the
// schema does not list are violations too: the description is complete.
std::vector<std::string> Violations(const nlohmann::json& doc, const Schema& schema);

std::string TypeName(FieldType type);

}  // namespace mig::output::test
