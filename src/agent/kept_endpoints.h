// What the firewall module's isolation must leave reachable: the agent's own
// relay and API. The module's sandboxed child cannot know them (it has no
// configuration and no socket to resolve names with), so the agent resolves
// them when it launches an isolate and adds them to the operation's "keep"
// list (docs/modules/firewall.md).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "agent/config.h"
#include "core/documents.h"
#include "core/status.h"

namespace mig::agent {

// "IP:PORT" endpoints ("[v6]:PORT" for IPv6), as the firewall module reads them.
using EndpointSource = std::function<Result<std::vector<std::string>>()>;

// Every address host resolves to, with port.
Result<std::vector<std::string>> ResolveEndpoints(const std::string& host, const std::string& port);

// The relay's endpoints and, when the agent talks to its API
// (discoverpublicip), the API's. An error when one does not resolve.
Result<std::vector<std::string>> AgentEndpoints(const AgentConfig& config);

// parameters unchanged unless module is "firewall" and the operation
// "isolate"; then the endpoints are appended to its "keep" list. An error
// (the operation must not run) when they cannot be had.
Result<Json> AddKeptEndpoints(const std::string& module, const Json& parameters,
                              const EndpointSource& endpoints);

}  // namespace mig::agent
