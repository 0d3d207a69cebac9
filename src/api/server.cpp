#include "api/server.h"

#include <thread>

#include "api/body_policy.h"
#include "api/clean_path.h"
#include "api/console_acl.h"
#include "api/console_files.h"
#include "api/context.h"
#include "api/http/server.h"
#include "core/log_escape.h"

namespace mig::api {

Result<std::unique_ptr<store::Store>> OpenConfiguredStore(const ApiConfig& config) {
  if (config.store_driver == "postgres") return store::OpenPostgresStore(config.PostgresConnInfo());
  return store::OpenSqliteStore(config.store_path);
}

struct ApiServer::Impl {
  std::unique_ptr<ApiContext> ctx;
  http::Router routes;
  // RabbitMQ's HTTP auth backend, on its own (private) address.
  http::Router relay_auth_routes;
  // Declared after what their handlers use: destroyed (joined) first.
  std::unique_ptr<http::Server> http;
  int port = 0;
  std::unique_ptr<http::Server> relay_auth;
  int relay_auth_port = 0;
  std::thread relay_auth_thread;
};

ApiServer::ApiServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ApiServer::~ApiServer() {
  Stop();
  if (impl_ && impl_->relay_auth_thread.joinable()) impl_->relay_auth_thread.join();
}

namespace {

// Every value a client chose goes through EscapeLogValue: one request, one
// line, no forged fields.
std::string LogLine(const http::Request& req, const http::Response& res) {
  RequestFacts& f = CurrentRequest();
  std::string line =
      "src=" + EscapeLogValue(req.remote_addr) + " category=" + f.category + " auth=[";
  if (!f.auth_name.empty()) line += EscapeLogValue(f.auth_name) + " " + std::to_string(f.auth_id);
  line += "] " + EscapeLogValue(req.method) + " " + EscapeLogValue(req.version) + " " +
          EscapeLogValue(req.target) + " resp_code=" + std::to_string(res.status) +
          " resp_size=" + std::to_string(res.body.size()) +
          " user-agent=" + EscapeLogValue(req.get_header_value("User-Agent"));
  if (!f.error.empty()) line += " error=\"" + EscapeLogValue(f.error) + "\"";
  f = RequestFacts{};
  return line;
}

// On the request head, before any body is read: only bodies of a known,
// allowed size (body_policy.h) and, like MIG's router, unclean paths sent
// to the clean one (clean_path.h). The console's files are read-only: other
// methods are refused on the head.
bool ScreenRequest(const ApiContext& ctx, const http::Request& req, http::Response& res,
                   size_t max_body, bool redirect) {
  if (redirect && IsConsolePath(req.path) && req.method != "GET" && req.method != "HEAD") {
    CurrentRequest().category = "console";
    res.set_header("Allow", "GET, HEAD");
    SendError(ctx, req, res, 405,
              "the web console's files are read with GET or HEAD, not " + req.method);
    return true;
  }
  auto refusal = RefuseBody(req.get_header_value("Transfer-Encoding"),
                            req.get_header_value("Content-Encoding"),
                            req.get_header_value("Content-Length"), max_body);
  if (refusal) {
    SendError(ctx, req, res, refusal->http_status, refusal->message);
    return true;
  }
  if (redirect) {
    const std::string location = CleanRedirect(req.target);
    if (!location.empty()) {
      res.status = 301;
      res.set_header("Location", location);
      return true;
    }
  }
  return false;
}

// Console answers carry the console's headers, refusals included (the
// relay auth listener, which does not redirect, serves no console).
bool Screen(const ApiContext& ctx, const http::Request& req, http::Response& res, size_t max_body,
            bool redirect) {
  CurrentRequest() = RequestFacts{};
  if (redirect && IsConsolePath(req.path)) {
    const bool answered = ScreenRequest(ctx, req, res, max_body, redirect);
    if (answered) AddConsoleHeaders(res);
    return answered;
  }
  return ScreenRequest(ctx, req, res, max_body, redirect);
}

http::Hooks MakeHooks(ApiContext& ctx, size_t max_body, bool redirect) {
  http::Hooks h;
  h.screen = [&ctx, max_body, redirect](const http::Request& req, http::Response& res) {
    return Screen(ctx, req, res, max_body, redirect);
  };
  h.error_body = [&ctx, max_body, redirect](const http::Request& req, http::Response& res) {
    const int status = res.status;
    std::string message;
    if (status == 404) {
      message = "unknown endpoint: " + req.method + " " + req.path +
                " (paths are exact, trailing slash included; see docs/api.md)";
    } else if (status == 413) {
      message = "request body exceeds the limit of " + std::to_string(max_body) +
                " bytes (server.maxbodybytes)";
    } else if (status == 431) {
      message = "request head exceeds the limit of 64 KiB";
    } else {
      message = "request refused (HTTP " + std::to_string(status) + ")";
    }
    SendError(ctx, req, res, status, message);
    if (redirect && IsConsolePath(req.path)) AddConsoleHeaders(res);
  };
  h.exception = [&ctx](const http::Request& req, http::Response& res, const std::string& what) {
    SendError(ctx, req, res, 500, "internal error: " + what);
  };
  h.log = [&ctx](const http::Request& req, const http::Response& res) {
    ctx.access_log.Line(LogLine(req, res));
  };
  return h;
}

http::Limits MakeLimits(const ApiConfig& c, size_t max_body) {
  http::Limits l;
  l.max_body_bytes = max_body;
  l.max_connections_per_address = c.max_conns_per_address;
  return l;
}

}  // namespace

Result<std::unique_ptr<ApiServer>> ApiServer::Create(const ApiConfig& config,
                                                     std::FILE* access_log) {
  auto first = OpenConfiguredStore(config);
  if (!first.ok()) return first.status().Context("opening the " + config.store_driver + " store");
  auto impl = std::make_unique<Impl>();
  impl->ctx = std::make_unique<ApiContext>(
      config, [config] { return OpenConfiguredStore(config); }, access_log);
  { auto lease = StorePool::Lease(&impl->ctx->pool, std::move(*first)); }  // keep it pooled
  ApiContext& ctx = *impl->ctx;
  if (!config.console_root.empty()) {
    auto root = ResolveConsoleRoot(config.console_root);
    if (!root.ok()) return root.status();
    ctx.console_root = *root;
  }
  if (!config.console_acl.empty()) {
    auto acl = LoadConsoleAcl(config.console_acl);
    if (!acl.ok()) return acl.status();
    ctx.acl_json = *acl;
  }
  AddConsoleRoutes(impl->routes, ctx);
  AddConsoleApiRoutes(impl->routes, ctx);
  AddPublicRoutes(impl->routes, ctx);
  AddActionRoutes(impl->routes, ctx);
  AddFollowRoutes(impl->routes, ctx);
  AddCommandAgentRoutes(impl->routes, ctx);
  AddSearchRoutes(impl->routes, ctx);
  AddDashboardRoutes(impl->routes, ctx);
  AddInvestigatorRoutes(impl->routes, ctx);
  AddModuleRoutes(impl->routes, ctx);
  auto http = http::Server::Create(impl->routes, MakeLimits(config, config.max_body_bytes),
                                   MakeHooks(ctx, config.max_body_bytes, /*redirect=*/true),
                                   config.threads, config.tls_cert, config.tls_key);
  if (!http.ok()) return http.status();
  impl->http = std::move(*http);
  if (!config.relay_auth_listen.empty()) {
    // A user name, a password and a few words.
    constexpr size_t kRelayAuthBody = 64 * 1024;
    AddRelayAuthRoutes(impl->relay_auth_routes, ctx);
    auto relay = http::Server::Create(impl->relay_auth_routes, MakeLimits(config, kRelayAuthBody),
                                      MakeHooks(ctx, kRelayAuthBody, /*redirect=*/false), 4);
    if (!relay.ok()) return relay.status();
    impl->relay_auth = std::move(*relay);
  }
  return std::unique_ptr<ApiServer>(new ApiServer(std::move(impl)));
}

Result<int> ApiServer::Bind() {
  const auto& c = impl_->ctx->config;
  auto port = impl_->http->Bind(c.listen_ip, c.port);
  if (!port.ok()) return port.status();
  impl_->port = *port;
  if (impl_->relay_auth) {
    const std::string& listen = c.relay_auth_listen;
    const std::string ip = listen.substr(0, listen.rfind(':'));
    auto auth_port = impl_->relay_auth->Bind(ip, std::stoi(listen.substr(listen.rfind(':') + 1)));
    if (!auth_port.ok()) return auth_port.status().Context("agents.relayauth");
    impl_->relay_auth_port = *auth_port;
  }
  if (c.host.empty()) {
    impl_->ctx->config.host = std::string(c.tls_cert.empty() ? "http" : "https") + "://" +
                              c.listen_ip + ":" + std::to_string(*port);
  }
  return *port;
}

Status ApiServer::Serve() {
  if (impl_->relay_auth && !impl_->relay_auth_thread.joinable()) {
    impl_->relay_auth_thread = std::thread([this] { (void)impl_->relay_auth->Serve(); });
  }
  return impl_->http->Serve();
}

void ApiServer::Stop() {
  if (impl_ && impl_->relay_auth) impl_->relay_auth->Stop();
  if (impl_ && impl_->http) impl_->http->Stop();
}

int ApiServer::relay_auth_port() const {
  return impl_->relay_auth_port;
}

const ApiConfig& ApiServer::config() const {
  return impl_->ctx->config;
}

bool ApiServer::is_running() const {
  return impl_->http->is_running();
}

}  // namespace mig::api
