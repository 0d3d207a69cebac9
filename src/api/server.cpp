#include "api/server.h"

#include <exception>
#include <thread>

#include "api/body_policy.h"
#include "api/clean_path.h"
#include "api/context.h"
#include "core/log_escape.h"

namespace mig::api {

Result<std::unique_ptr<store::Store>> OpenConfiguredStore(const ApiConfig& config) {
  if (config.store_driver == "postgres") return store::OpenPostgresStore(config.PostgresConnInfo());
  return store::OpenSqliteStore(config.store_path);
}

struct ApiServer::Impl {
  std::unique_ptr<ApiContext> ctx;
  std::unique_ptr<httplib::Server> http;
  int port = 0;
  // RabbitMQ's HTTP auth backend, on its own (private) address.
  std::unique_ptr<httplib::Server> relay_auth;
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
std::string LogLine(const httplib::Request& req, const httplib::Response& res) {
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

// Before any body is read: refuses bodies whose size is not known up front
// (body_policy.h) and, like MIG's router, sends unclean paths to the clean
// one (clean_path.h).
httplib::Server::HandlerResponse Screen(const ApiContext& ctx, const httplib::Request& req,
                                        httplib::Response& res, bool redirect) {
  CurrentRequest() = RequestFacts{};
  // A Content-Length above the limit is left to the library, which skips
  // that many bytes and answers 413.
  auto refusal = RefuseBody(req.get_header_value("Transfer-Encoding"),
                            req.get_header_value("Content-Encoding"), "", ~size_t{0});
  if (refusal) {
    res.set_header("Connection", "close");
    SendError(ctx, req, res, refusal->http_status, refusal->message);
    return httplib::Server::HandlerResponse::Handled;
  }
  if (redirect) {
    const std::string location = CleanRedirect(req.target);
    if (!location.empty()) {
      res.status = 301;
      res.set_header("Location", location);
      return httplib::Server::HandlerResponse::Handled;
    }
  }
  return httplib::Server::HandlerResponse::Unhandled;
}

void Configure(httplib::Server& s, ApiContext& ctx) {
  const int threads = ctx.config.threads;
  s.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  s.set_payload_max_length(ctx.config.max_body_bytes);
  s.set_pre_routing_handler([&ctx](const httplib::Request& req, httplib::Response& res) {
    return Screen(ctx, req, res, /*redirect=*/true);
  });
  s.set_error_handler(httplib::Server::HandlerWithResponse(
      [&ctx](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        const int status = res.status;
        std::string message;
        if (status == 404) {
          message = "unknown endpoint: " + req.method + " " + req.path +
                    " (paths are exact, trailing slash included; see docs/api.md)";
        } else if (status == 413) {
          message = "request body exceeds the limit of " +
                    std::to_string(ctx.config.max_body_bytes) + " bytes (server.maxbodybytes)";
        } else {
          message = "request refused (HTTP " + std::to_string(status) + ")";
        }
        SendError(ctx, req, res, status, message);
        return httplib::Server::HandlerResponse::Handled;
      }));
  s.set_exception_handler(
      [&ctx](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown exception";
        try {
          std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        SendError(ctx, req, res, 500, "internal error: " + what);
      });
  s.set_logger([&ctx](const httplib::Request& req, const httplib::Response& res) {
    ctx.access_log.Line(LogLine(req, res));
  });
  AddPublicRoutes(s, ctx);
  AddActionRoutes(s, ctx);
  AddFollowRoutes(s, ctx);
  AddCommandAgentRoutes(s, ctx);
  AddSearchRoutes(s, ctx);
  AddDashboardRoutes(s, ctx);
  AddInvestigatorRoutes(s, ctx);
}

void ConfigureRelayAuth(httplib::Server& s, ApiContext& ctx) {
  s.new_task_queue = [] { return new httplib::ThreadPool(4); };
  s.set_payload_max_length(64 * 1024);  // a user name, a password and a few words
  s.set_pre_routing_handler([&ctx](const httplib::Request& req, httplib::Response& res) {
    return Screen(ctx, req, res, /*redirect=*/false);
  });
  s.set_logger([&ctx](const httplib::Request& req, const httplib::Response& res) {
    ctx.access_log.Line(LogLine(req, res));
  });
  AddRelayAuthRoutes(s, ctx);
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
  if (!config.tls_cert.empty()) {
    auto tls =
        std::make_unique<httplib::SSLServer>(config.tls_cert.c_str(), config.tls_key.c_str());
    if (!tls->is_valid())
      return Status::Error("cannot load TLS certificate '" + config.tls_cert + "' or key '" +
                           config.tls_key + "' (PEM files expected)");
    impl->http = std::move(tls);
  } else {
    impl->http = std::make_unique<httplib::Server>();
  }
  Configure(*impl->http, *impl->ctx);
  if (!config.relay_auth_listen.empty()) {
    impl->relay_auth = std::make_unique<httplib::Server>();
    ConfigureRelayAuth(*impl->relay_auth, *impl->ctx);
  }
  return std::unique_ptr<ApiServer>(new ApiServer(std::move(impl)));
}

Result<int> ApiServer::Bind() {
  const auto& c = impl_->ctx->config;
  int port = c.port;
  if (port == 0) {
    port = impl_->http->bind_to_any_port(c.listen_ip);
    if (port < 0) return Status::Error("cannot bind " + c.listen_ip + " on any port");
  } else if (!impl_->http->bind_to_port(c.listen_ip, port)) {
    return Status::Error("cannot listen on " + c.listen_ip + ":" + std::to_string(port) +
                         " (address in use or not local?)");
  }
  impl_->port = port;
  if (impl_->relay_auth) {
    const std::string& listen = c.relay_auth_listen;
    const std::string ip = listen.substr(0, listen.rfind(':'));
    int auth_port = std::stoi(listen.substr(listen.rfind(':') + 1));
    if (auth_port == 0) {
      auth_port = impl_->relay_auth->bind_to_any_port(ip);
    } else if (!impl_->relay_auth->bind_to_port(ip, auth_port)) {
      auth_port = -1;
    }
    if (auth_port < 0) return Status::Error("cannot listen on " + listen + " (agents.relayauth)");
    impl_->relay_auth_port = auth_port;
  }
  if (c.host.empty()) {
    impl_->ctx->config.host = std::string(c.tls_cert.empty() ? "http" : "https") + "://" +
                              c.listen_ip + ":" + std::to_string(port);
  }
  return port;
}

Status ApiServer::Serve() {
  if (impl_->relay_auth && !impl_->relay_auth_thread.joinable()) {
    impl_->relay_auth_thread = std::thread([this] { impl_->relay_auth->listen_after_bind(); });
  }
  if (!impl_->http->listen_after_bind()) return Status::Error("the server stopped with an error");
  return Status::Ok();
}

void ApiServer::Stop() {
  if (impl_ && impl_->relay_auth) impl_->relay_auth->stop();
  if (impl_ && impl_->http) impl_->http->stop();
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
