// Standard base64 (RFC 4648, with padding), as Go's base64.StdEncoding.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace mig {

std::string Base64Encode(std::string_view bytes);
// Strict: standard alphabet, padding required, no whitespace. The error says
// at which character the text stops being base64.
Result<std::string> Base64Decode(std::string_view text);

}  // namespace mig
