// X-PGPAUTHORIZATION tokens (api.md 2.1):
//   "1;<YYYY-MM-DDTHH:MM:SSZ>;<nonce>;<one-line detached signature>"
// where the signature covers "1;<time>;<nonce>\n". Unlike MIG, a token is
// accepted only once: its time and nonce together (NonceCache).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "core/api_token.h"
#include "core/status.h"
#include "core/time.h"

namespace mig::api {

struct Token {
  Time time;
  std::string nonce;
  std::string signature;    // one-line form
  std::string signed_data;  // "1;<time>;<nonce>\n"
};

// Splits and checks the format, version and timestamp layout; errors read
// like MIG's ("invalid token format", "invalid token version, must be 1").
Result<Token> ParseToken(std::string_view header);

// Whether t lies within +-window_seconds of now.
bool TokenTimeAcceptable(const Time& t, const Time& now, int64_t window_seconds);

// Token construction lives in core (clients make tokens too).
using mig::TokenHeader;
using mig::TokenSignedData;

// Nonces seen, each kept until its token could no longer be accepted. Safe
// to use from several threads.
class NonceCache {
 public:
  // True the first `max_uses` times (signer, nonce) is presented; false
  // after. The authenticator passes "<unix time>;<nonce>" as the nonce.
  // `expires` is the last instant the token is acceptable.
  bool Accept(const std::string& signer, const std::string& nonce, const Time& expires,
              const Time& now, int64_t max_uses = 1);
  size_t size() const;

 private:
  void Purge(const Time& now);
  mutable std::mutex mu_;
  struct Seen {
    Time expires;
    int64_t uses = 0;
  };
  std::map<std::string, Seen> seen_;  // signer + ';' + nonce
  int64_t last_purge_ = 0;
};

}  // namespace mig::api
