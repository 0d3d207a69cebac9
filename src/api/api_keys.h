// X-MIGAPIKEY keys (api.md 2.2): 32 characters [A-Za-z0-9] from the CSPRNG,
// stored as PBKDF2-HMAC-SHA256(key, 16-byte salt, 4096 rounds, 32 bytes).
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace mig::api {

inline constexpr size_t kApiKeyLength = 32;
inline constexpr size_t kApiSaltLength = 16;
// Characters of a key stored in clear beside its hash to find its row: the
// remaining 24 characters still carry 142 bits.
inline constexpr size_t kApiKeyPrefixLength = 8;

// A fresh key (uniform over the 62 characters, no modulo bias).
Result<std::string> GenerateApiKey();
// A fresh random salt of kApiSaltLength raw bytes.
Result<std::string> GenerateSalt();
// The 32 raw bytes stored in investigators.apikey.
Result<std::string> HashApiKey(std::string_view key, std::string_view salt);
// Constant-time comparison of a presented key with a stored hash.
bool ApiKeyMatches(std::string_view key, std::string_view salt, std::string_view stored_hash);

}  // namespace mig::api
