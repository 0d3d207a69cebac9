// application/x-www-form-urlencoded bodies, parsed by the API itself (names
// to first values, errors naming the field).
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/status.h"

namespace mig::api {

// name -> first value. Malformed percent escapes are an error naming the field.
Result<std::map<std::string, std::string>> ParseForm(std::string_view body);

// Percent-decoding with '+' as space.
Result<std::string> FormDecode(std::string_view text);
// Percent-encoding for query strings (unreserved characters kept).
std::string FormEncode(std::string_view text);

}  // namespace mig::api
