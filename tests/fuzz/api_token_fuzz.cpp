// X-PGPAUTHORIZATION tokens (api/token.h ParseToken), read by mig-api before
// any signature check, against what clients build (core/api_token.h).
//
// Properties, for any header the reader accepts:
// * the data the API verifies is exactly what a client signs for that time
//   and nonce (TokenSignedData), and the client's header for them is the
//   header read (TokenHeader): reader and writer agree byte for byte;
// * the nonce cache takes a nonce once and refuses its replay.
#include <string>

#include "api/token.h"
#include "core/api_token.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view header = mig::fuzz::AsText(data, size);
  auto token = mig::api::ParseToken(header);
  if (!token) return 0;
  MIG_FUZZ_CHECK(!token->nonce.empty() && !token->signature.empty(), "empty nonce or signature");
  MIG_FUZZ_CHECK_EQ(token->signed_data, mig::TokenSignedData(token->time, token->nonce),
                    "verified data differs from what a client signs");
  MIG_FUZZ_CHECK_EQ(mig::TokenHeader(token->time, token->nonce, token->signature), header,
                    "client header differs from the header read");

  const mig::Time now = token->time;
  MIG_FUZZ_CHECK(mig::api::TokenTimeAcceptable(token->time, now, 0), "token time not its own");
  mig::api::NonceCache cache;
  const mig::Time expires = now.AddSeconds(600);
  MIG_FUZZ_CHECK(cache.Accept("signer", token->nonce, expires, now), "fresh nonce refused");
  MIG_FUZZ_CHECK(!cache.Accept("signer", token->nonce, expires, now), "replayed nonce accepted");
  return 0;
}
