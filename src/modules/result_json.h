// A module result as the JSON document a module prints on stdout
// (spec/modules/README.md section 5), in MIG's key order.
#pragma once

#include <string>
#include <string_view>

#include "core/documents.h"
#include "core/status.h"

namespace mig::modules {

// {"foundanything":..,"success":..,"elements":..,"statistics":..,"errors":..}
// with errors null when empty.
OrderedJson ModuleResultToJson(const ModuleResult& result);
std::string ModuleResultToString(const ModuleResult& result);

// Reads a result document; missing fields keep their zero values.
Result<ModuleResult> ModuleResultFromJson(std::string_view text);

// A member of an elements object as printers read it: "" / false when it is
// missing or of another type (the result came from an agent, maybe hostile).
std::string StringMember(const OrderedJson& object, const char* key);
bool BoolMember(const OrderedJson& object, const char* key);

}  // namespace mig::modules
