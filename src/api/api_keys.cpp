#include "api/api_keys.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

namespace mig::api {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

}  // namespace

Result<std::string> GenerateApiKey() {
  std::string key;
  while (key.size() < kApiKeyLength) {
    unsigned char buf[64];
    if (RAND_bytes(buf, sizeof(buf)) != 1)
      return Status::Error("the system random generator failed (RAND_bytes)");
    for (unsigned char b : buf) {
      // 248 = 4 * 62: values above would bias the first characters.
      if (b < 248 && key.size() < kApiKeyLength) key += kAlphabet[b % kAlphabet.size()];
    }
  }
  return key;
}

Result<std::string> GenerateSalt() {
  std::string salt(kApiSaltLength, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), static_cast<int>(salt.size())) != 1)
    return Status::Error("the system random generator failed (RAND_bytes)");
  return salt;
}

Result<std::string> HashApiKey(std::string_view key, std::string_view salt) {
  std::string out(32, '\0');
  if (PKCS5_PBKDF2_HMAC(key.data(), static_cast<int>(key.size()),
                        reinterpret_cast<const unsigned char*>(salt.data()),
                        static_cast<int>(salt.size()), 4096, EVP_sha256(),
                        static_cast<int>(out.size()),
                        reinterpret_cast<unsigned char*>(out.data())) != 1)
    return Status::Error("PBKDF2 failed");
  return out;
}

bool ApiKeyMatches(std::string_view key, std::string_view salt, std::string_view stored_hash) {
  if (key.size() != kApiKeyLength || stored_hash.size() != 32) return false;
  auto hash = HashApiKey(key, salt);
  if (!hash.ok()) return false;
  return CRYPTO_memcmp(hash->data(), stored_hash.data(), 32) == 0;
}

}  // namespace mig::api
