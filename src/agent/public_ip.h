// [agent] discoverpublicip (components.md 3.8): the agent asks the API which
// address it comes from. MIG's API answers GET <api>/ip with the caller's
// address as plain text; the agent puts it in its environment's "publicip".
#pragma once

#include <chrono>
#include <string>

#include "core/status.h"

namespace mig::agent {

// The parts of an http:// or https:// URL the agent connects to.
struct HttpUrl {
  bool tls = false;
  std::string host;  // without brackets
  std::string port;  // digits; 80 or 443 when the URL has none
  std::string target;
};

Result<HttpUrl> ParseHttpUrl(const std::string& url);

// The URL asked: the API base without its trailing slashes, then "/ip"
// ("https://api.example.net/api/v1/" -> "https://api.example.net/api/v1/ip").
std::string PublicIpUrl(const std::string& api);

// GET PublicIpUrl(api) over http or https (the system's trusted CAs, host name
// checked), directly (no proxy), within timeout for the whole exchange. The
// answer must be 200 with one IPv4 or IPv6 address (white space around it is
// ignored); it is returned as inet_ntop writes it. Errors say what failed.
Result<std::string> DiscoverPublicIp(const std::string& api,
                                     std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace mig::agent
