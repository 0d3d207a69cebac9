// SHA-256 of a byte string as lowercase hex.
#pragma once

#include <string>
#include <string_view>

namespace mig {

std::string Sha256Hex(std::string_view data);

}  // namespace mig
