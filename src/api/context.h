// What every endpoint handler shares, and the helpers they use to answer:
// Collection+JSON envelopes, errors with an operation ID, authorization,
// query parameters. Internal to src/api.
#pragma once

#include "api/http/message.h"
#include "api/http/router.h"

#include <cstdio>
#include <map>
#include <mutex>
#include <string>

#include "api/agent_identities.h"
#include "api/auth_throttle.h"
#include "api/authenticator.h"
#include "api/collection.h"
#include "api/config.h"
#include "api/geo_locator.h"
#include "api/store_pool.h"

namespace mig::api {

// Access log: one line per request, key=value (components.md 5).
class AccessLog {
 public:
  explicit AccessLog(std::FILE* out) : out_(out) {}
  void Line(const std::string& text);

 private:
  std::mutex mu_;
  std::FILE* out_;
};

struct ApiContext {
  ApiContext(const ApiConfig& c, StorePool::Opener opener, std::FILE* log)
      : config(c),
        pool(std::move(opener)),
        auth(config, pool),
        agents(config, pool),
        throttle(static_cast<double>(config.auth_failure_rate)),
        access_log(log) {}
  ApiConfig config;
  StorePool pool;
  Authenticator auth;
  AgentIdentities agents;
  std::unique_ptr<const GeoLocator> geo;  // [geo] database; null: none configured
  AuthThrottle throttle;
  AccessLog access_log;
  // [console], resolved at start: the root's canonical path ("": no
  // console) and the ACL as JSON ("": none configured).
  std::string console_root;
  std::string acl_json;

  std::string BaseUrl() const { return config.host + config.base_route; }
  std::string Route(const std::string& path) const { return config.base_route + path; }
};

// Per-request facts for the access log, set by handlers (same thread).
struct RequestFacts {
  std::string category = "public";
  std::string auth_name;
  Id auth_id = 0;
  std::string error;
};
RequestFacts& CurrentRequest();

// A fresh time-ordered operation ID (protocol.md 1.1 style, < 2^53).
Id NewOperationId();

// Content-Type application/json and Cache-Control no-cache, as MIG.
void SendJson(http::Response& res, int status, const std::string& body, bool no_cache = true);
void SendCollection(http::Response& res, int status, const Collection& c);
// An error collection: code = fresh operation ID, message as given, except
// for a 5xx: its message (a database's or a library's words, e.g. a
// PostgreSQL error quoting the query) goes to the access log only, and the
// client reads InternalErrorMessage(code).
void SendError(const ApiContext& ctx, const http::Request& req, http::Response& res, int status,
               const std::string& message);
// What a client reads for a 5xx: "internal error (operation <code>; the API's
// log has the detail)".
std::string InternalErrorMessage(const std::string& code);
// host + request URI, the collection href.
std::string RequestHref(const ApiContext& ctx, const http::Request& req);

// Authenticates and checks `permission`; on refusal answers and returns false.
bool Authorize(ApiContext& ctx, const http::Request& req, http::Response& res, uint64_t permission,
               Caller* caller = nullptr);

// A positive numeric ID from the query (MIG parses floats). On failure
// answers 400 naming the parameter and returns nullopt.
std::optional<Id> IdParam(const ApiContext& ctx, const http::Request& req, http::Response& res,
                          const std::string& name, const std::string& what);
// Same for a value already extracted (form fields).
std::optional<Id> ParseIdValue(const std::string& text);

// The action `id` from `store`; when the store fails (500) or has no such
// action (404 "Action ID 'N' not found") answers and returns nullopt.
std::optional<Action> FindAction(const ApiContext& ctx, const http::Request& req,
                                 http::Response& res, store::Store& store, Id id);

// Reads a POST body through the content reader (own size limit) and parses
// it as a urlencoded form; answers 400/413 and returns nullopt on failure.
std::optional<std::map<std::string, std::string>> ReadForm(const ApiContext& ctx,
                                                           const http::Request& req,
                                                           http::Response& res,
                                                           const http::ContentReader& reader);

// The headers of every console answer (console_files.h), replacing any
// already set.
void AddConsoleHeaders(http::Response& res);

// Route registration, one function per endpoint group.
void AddPublicRoutes(http::Router& s, ApiContext& ctx);
void AddActionRoutes(http::Router& s, ApiContext& ctx);
void AddCommandAgentRoutes(http::Router& s, ApiContext& ctx);
void AddSearchRoutes(http::Router& s, ApiContext& ctx);
void AddGeoRoutes(http::Router& s, ApiContext& ctx);
void AddDashboardRoutes(http::Router& s, ApiContext& ctx);
void AddInvestigatorRoutes(http::Router& s, ApiContext& ctx);
void AddFollowRoutes(http::Router& s, ApiContext& ctx);
// The web console: its files under /console/ and what it asks the API.
void AddConsoleRoutes(http::Router& s, ApiContext& ctx);
void AddConsoleApiRoutes(http::Router& s, ApiContext& ctx);
void AddModuleRoutes(http::Router& s, ApiContext& ctx);
// The listener RabbitMQ's HTTP auth backend calls ([agents] relayauth).
void AddRelayAuthRoutes(http::Router& s, ApiContext& ctx);

}  // namespace mig::api
