// Percent-encoding of query strings and form bodies (RFC 3986: unreserved
// characters kept, every other byte as %XX), shared by the API and its client.
#pragma once

#include <string>
#include <string_view>

namespace mig {

std::string PercentEncode(std::string_view text);

}  // namespace mig
