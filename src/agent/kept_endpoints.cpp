#include "agent/kept_endpoints.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>

#include "agent/public_ip.h"
#include "modules/go_json.h"
#include "relay/relay_url.h"

namespace mig::agent {
namespace {

bool IsKeep(const std::string& key) {
  if (key.size() != 4) return false;
  for (size_t i = 0; i < 4; ++i)
    if (std::tolower(static_cast<unsigned char>(key[i])) != "keep"[i]) return false;
  return true;
}

}  // namespace

Result<std::vector<std::string>> ResolveEndpoints(const std::string& host,
                                                  const std::string& port) {
  using R = Result<std::vector<std::string>>;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  const int rc = getaddrinfo(host.c_str(), port.c_str(), &hints, &list);
  if (rc != 0) return R::Error("cannot resolve " + host + ": " + gai_strerror(rc));
  std::vector<std::string> out;
  for (addrinfo* a = list; a; a = a->ai_next) {
    char buf[INET6_ADDRSTRLEN] = {};
    std::string endpoint;
    if (a->ai_family == AF_INET) {
      inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(a->ai_addr)->sin_addr, buf, sizeof buf);
      endpoint = std::string(buf) + ":" + port;
    } else if (a->ai_family == AF_INET6) {
      inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(a->ai_addr)->sin6_addr, buf, sizeof buf);
      endpoint = "[" + std::string(buf) + "]:" + port;
    }
    if (!endpoint.empty() && std::find(out.begin(), out.end(), endpoint) == out.end())
      out.push_back(endpoint);
  }
  freeaddrinfo(list);
  if (out.empty()) return R::Error("cannot resolve " + host + ": no IPv4 or IPv6 address");
  return out;
}

Result<std::vector<std::string>> AgentEndpoints(const AgentConfig& config) {
  using R = Result<std::vector<std::string>>;
  auto relay = relay::ParseRelayUrl(config.relay);
  if (!relay) return relay.status();
  auto out = ResolveEndpoints(relay->host, std::to_string(relay->port));
  if (!out) return R::Error("relay: " + out.error());
  if (config.discover_public_ip) {
    auto api = ParseHttpUrl(config.api);
    if (!api) return R::Error("api " + config.api + ": " + api.error());
    auto more = ResolveEndpoints(api->host, api->port);
    if (!more) return R::Error("api: " + more.error());
    out->insert(out->end(), more->begin(), more->end());
  }
  return out;
}

Result<Json> AddKeptEndpoints(const std::string& module, const Json& parameters,
                              const EndpointSource& endpoints) {
  if (module != "firewall" || !parameters.is_object() || !endpoints) return parameters;
  // The module reads keys as Go does (case-insensitively): so does this.
  const Json* op = modules::gojson::Field(parameters, "operation");
  if (!op || *op != "isolate") return parameters;
  auto kept = endpoints();
  if (!kept)
    return Result<Json>::Error(
        "isolate refused: the agent's own endpoints, which the isolation "
        "must keep reachable, are not known: " +
        kept.error());
  Json out = parameters;
  Json keep = Json::array();
  if (const Json* given = modules::gojson::Field(parameters, "keep"); given && !given->is_null()) {
    if (!given->is_array())
      return Result<Json>::Error("isolate refused: parameter keep is not a list");
    keep = *given;
  }
  // The module reads the exact key first; any other spelling goes.
  for (auto it = out.begin(); it != out.end();) {
    if (it.key() != "keep" && IsKeep(it.key())) {
      it = out.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& e : *kept)
    keep.push_back(e);
  out["keep"] = keep;
  return out;
}

}  // namespace mig::agent
