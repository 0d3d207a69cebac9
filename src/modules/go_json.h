// Reading module parameters with Go encoding/json rules (spec/modules/
// README.md section 2): keys match case-insensitively (exact first), null
// or missing keeps the zero value, a wrong type fails with Go's message.
// Shared by every module.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/documents.h"
#include "core/status.h"

namespace mig::modules::gojson {

// "ReadInputParameters() -> ", the prefix MIG puts on decoding errors.
extern const char* const kDecodePrefix;

// The value under name (exact key, else case-insensitive), or nullptr.
const Json* Field(const Json& object, std::string_view name);

// Go's message for a value of the wrong type in a struct field: "...
// cannot unmarshal number into Go struct field <field> of type <go_type>".
Status TypeError(const Json& v, const std::string& field, const std::string& go_type);

// Fails unless v is an object (or null, which reads as empty).
Status RequireObject(const Json& v, const std::string& go_type);

// Each reader leaves *out alone when the key is missing or null. where is
// the Go field path used in messages, e.g. "params.connectedip".
Status ReadString(const Json& obj, std::string_view key, const std::string& where,
                  std::string* out);
Status ReadBool(const Json& obj, std::string_view key, const std::string& where, bool* out);
Status ReadNumber(const Json& obj, std::string_view key, const std::string& where, double* out);
Status ReadStringList(const Json& obj, std::string_view key, const std::string& where,
                      std::vector<std::string>* out);
// As ReadStringList, but tells a missing or null list (*out stays nullopt)
// from an empty one: Go's nil slice against [].
Status ReadOptionalStringList(const Json& obj, std::string_view key, const std::string& where,
                              std::optional<std::vector<std::string>>* out);

// A number as Go writes a float64: integral values without ".0".
OrderedJson Number(double v);

}  // namespace mig::modules::gojson
