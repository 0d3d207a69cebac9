// Relay URLs (relay/relay_url.h ParseRelayUrl): from agent, scheduler and
// API configuration, and from the agent's built-in configuration.
//
// Properties, for any input the reader accepts:
// * the parts (scheme, user, password, host, port, vhost) written back as a
//   URL with every part percent-encoded read back the same;
// * an error message (which reaches logs) does not show the credentials.
#include <string>

#include "core/percent_encode.h"
#include "fuzz_support.h"
#include "relay/relay_url.h"

namespace {

bool Same(const mig::relay::RelayUrl& a, const mig::relay::RelayUrl& b) {
  return a.tls == b.tls && a.user == b.user && a.password == b.password && a.host == b.host &&
         a.port == b.port && a.vhost == b.vhost;
}

std::string Describe(const mig::relay::RelayUrl& u) {
  return std::string(u.tls ? "amqps" : "amqp") + " user=" + u.user + " password=" + u.password +
         " host=" + u.host + " port=" + std::to_string(u.port) + " vhost=" + u.vhost;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = mig::fuzz::AsText(data, size);
  auto url = mig::relay::ParseRelayUrl(text);
  if (!url) {
    // Errors show what follows the credentials, never them.
    const size_t at = text.rfind('@');
    const bool amqp = text.starts_with("amqp://") || text.starts_with("amqps://");
    if (amqp && at != std::string_view::npos) {
      const std::string secret(text.substr(0, at)), shown(text.substr(at + 1));
      const std::string prefix = "relay url \"...@" + shown + "\": ";
      MIG_FUZZ_CHECK(url.error().starts_with(prefix), "error does not hide the credentials");
      if (shown.find(secret) == std::string::npos) {
        MIG_FUZZ_CHECK(url.error().find(secret, prefix.size()) == std::string::npos,
                       "an error shows the credentials");
      }
    }
    return 0;
  }
  const std::string rebuilt =
      std::string(url->tls ? "amqps" : "amqp") + "://" + mig::PercentEncode(url->user) + ":" +
      mig::PercentEncode(url->password) + "@" + mig::PercentEncode(url->host) + ":" +
      std::to_string(url->port) + "/" + mig::PercentEncode(url->vhost);
  auto again = mig::relay::ParseRelayUrl(rebuilt);
  if (!again)
    mig::fuzz::Violation(__FILE__, __LINE__, "rebuilt URL refused", rebuilt, again.error());
  if (!Same(*again, *url)) {
    mig::fuzz::Violation(__FILE__, __LINE__, "URL round trip changed a part", Describe(*url),
                         Describe(*again));
  }
  (void)url->Display();
  return 0;
}
