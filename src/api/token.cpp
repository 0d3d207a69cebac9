#include "api/token.h"

#include <cstdio>
#include <vector>

namespace mig::api {
namespace {

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    size_t end = s.find(sep, start);
    if (end == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
}

// Go's fixed layout "2006-01-02T15:04:05Z": exactly 20 bytes.
bool FixedLayout(std::string_view t) {
  if (t.size() != 20) return false;
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:ddZ";
  for (size_t i = 0; i < t.size(); ++i) {
    if (kShape[i] == 'd' ? (t[i] < '0' || t[i] > '9') : t[i] != kShape[i]) return false;
  }
  return true;
}

}  // namespace

Result<Token> ParseToken(std::string_view header) {
  const auto parts = Split(header, ';');
  if (parts.size() != 4) return Status::Error("invalid token format");
  if (parts[0] != "1") return Status::Error("invalid token version, must be 1");
  if (!FixedLayout(parts[1]))
    return Status::Error("token timestamp '" + std::string(parts[1]) +
                         "' is not in the format YYYY-MM-DDTHH:MM:SSZ");
  auto t = ParseTime(parts[1]);
  if (!t.ok()) return t.status().Context("token timestamp");
  if (parts[2].empty()) return Status::Error("token nonce is empty");
  if (parts[3].empty()) return Status::Error("token signature is empty");
  Token tok;
  tok.time = *t;
  tok.nonce = std::string(parts[2]);
  tok.signature = std::string(parts[3]);
  tok.signed_data = "1;" + std::string(parts[1]) + ";" + tok.nonce + "\n";
  return tok;
}

bool TokenTimeAcceptable(const Time& t, const Time& now, int64_t window_seconds) {
  return t >= now.AddSeconds(-window_seconds) && t <= now.AddSeconds(window_seconds);
}

bool NonceCache::Accept(const std::string& signer, const std::string& nonce, const Time& expires,
                        const Time& now, int64_t max_uses) {
  std::lock_guard<std::mutex> lock(mu_);
  if (now.seconds - last_purge_ >= 10) Purge(now);
  Seen& seen = seen_[signer + ";" + nonce];
  if (seen.uses > 0 && seen.expires < now) seen.uses = 0;  // expired, not yet purged
  if (seen.uses >= max_uses) return false;
  seen.expires = expires;
  ++seen.uses;
  return true;
}

size_t NonceCache::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return seen_.size();
}

void NonceCache::Purge(const Time& now) {
  last_purge_ = now.seconds;
  for (auto it = seen_.begin(); it != seen_.end();) {
    it = it->second.expires < now ? seen_.erase(it) : std::next(it);
  }
}

}  // namespace mig::api
