// The signed part of an X-PGPAUTHORIZATION token (api.md 2.1), shared by the
// API, which verifies tokens, and the clients, which make them:
//   header = "1;<YYYY-MM-DDTHH:MM:SSZ>;<nonce>;<one-line signature>"
// where the signature covers "1;<time>;<nonce>\n".
#pragma once

#include <string>

#include "core/time.h"

namespace mig {

// Go's fixed layout "2006-01-02T15:04:05Z" (UTC, no fraction).
std::string FormatTokenTime(const Time& t);

// The string a client signs for a token made at `now` with `nonce`.
std::string TokenSignedData(const Time& now, const std::string& nonce);

// The header value once TokenSignedData(now, nonce) is signed.
std::string TokenHeader(const Time& now, const std::string& nonce, const std::string& one_line);

}  // namespace mig
