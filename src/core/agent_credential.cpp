#include "core/agent_credential.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cctype>

#include "core/sha256.h"

namespace mig {
namespace {

constexpr size_t kSecretBytes = 32;
constexpr size_t kMinIdChars = 80;
constexpr size_t kMaxOsChars = 16;
constexpr size_t kMaxIdentityChars = 247;  // "mig.agt." + name fits in 255

std::string Hex(const unsigned char* data, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 15];
  }
  return out;
}

}  // namespace

Result<std::string> NewAgentSecret() {
  unsigned char buf[kSecretBytes];
  if (RAND_bytes(buf, sizeof buf) != 1) {
    return Result<std::string>::Error("the system random generator failed (RAND_bytes)");
  }
  return Hex(buf, sizeof buf);
}

bool IsValidAgentSecret(std::string_view secret) {
  if (secret.size() != kSecretBytes * 2) return false;
  for (char c : secret) {
    if (!std::isdigit(static_cast<unsigned char>(c)) && (c < 'a' || c > 'f')) return false;
  }
  return true;
}

std::string FormatAgentPassword(const AgentPassword& p) {
  std::string out(kAgentPasswordScheme);
  out += ':';
  out += p.secret;
  out += ':';
  out += p.enrollment_token;
  return out;
}

Result<AgentPassword> ParseAgentPassword(std::string_view text) {
  const std::string prefix = std::string(kAgentPasswordScheme) + ":";
  if (text.substr(0, prefix.size()) != prefix) {
    return Result<AgentPassword>::Error("not an agent password (expected the " +
                                        std::string(kAgentPasswordScheme) + " scheme)");
  }
  text.remove_prefix(prefix.size());
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    return Result<AgentPassword>::Error("agent password has no enrollment token field");
  }
  AgentPassword p{std::string(text.substr(0, colon)), std::string(text.substr(colon + 1))};
  if (!IsValidAgentSecret(p.secret)) {
    return Result<AgentPassword>::Error("agent secret is not 64 lowercase hex digits");
  }
  return p;
}

std::string AgentSecretDigest(std::string_view secret) {
  return Sha256Hex(secret);
}

bool SecretsEqual(std::string_view a, std::string_view b) {
  // Compare digests of both, so the time depends on neither length nor content.
  const std::string da = AgentSecretDigest(a), db = AgentSecretDigest(b);
  return CRYPTO_memcmp(da.data(), db.data(), da.size()) == 0;
}

bool IsAgentIdentity(std::string_view name) {
  if (name.size() > kMaxIdentityChars) return false;
  const size_t dot = name.find('.');
  if (dot == 0 || dot == std::string_view::npos || dot > kMaxOsChars) return false;
  for (char c : name.substr(0, dot)) {
    if (!std::islower(static_cast<unsigned char>(c)) &&
        !std::isdigit(static_cast<unsigned char>(c)))
      return false;
  }
  const std::string_view id = name.substr(dot + 1);
  if (id.size() < kMinIdChars) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace mig
