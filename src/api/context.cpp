#include "api/context.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>

#include "api/client_ip.h"
#include "api/form.h"
#include "api/permissions.h"

namespace mig::api {

void AccessLog::Line(const std::string& text) {
  if (!out_) return;
  std::lock_guard<std::mutex> lock(mu_);
  std::fprintf(out_, "%s %s\n", FormatTime(Time::Now()).c_str(), text.c_str());
  std::fflush(out_);
}

RequestFacts& CurrentRequest() {
  thread_local RequestFacts facts;
  return facts;
}

Id NewOperationId() {
  static std::atomic<Id> last{0};
  const Id now = std::chrono::duration_cast<std::chrono::microseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
  Id prev = last.load();
  Id next;
  do {
    next = now > prev ? now : prev + 1;
  } while (!last.compare_exchange_weak(prev, next));
  return next;
}

void SendJson(http::Response& res, int status, const std::string& body, bool no_cache) {
  res.status = status;
  if (no_cache) res.set_header("Cache-Control", "no-cache");
  res.set_content(body, "application/json");
}

void SendCollection(http::Response& res, int status, const Collection& c) {
  SendJson(res, status, c.Write());
}

std::string RequestHref(const ApiContext& ctx, const http::Request& req) {
  return ctx.config.host + req.target;
}

std::string InternalErrorMessage(const std::string& code) {
  return "internal error (operation " + code + "; the API's log has the detail)";
}

void SendError(const ApiContext& ctx, const http::Request& req, http::Response& res, int status,
               const std::string& message) {
  Collection c;
  c.href = RequestHref(ctx, req);
  c.error_code = std::to_string(NewOperationId());
  c.error_message = status >= 500 ? InternalErrorMessage(c.error_code) : message;
  CurrentRequest().error = c.error_code + " " + message;
  SendCollection(res, status, c);
}

bool Authorize(ApiContext& ctx, const http::Request& req, http::Response& res, uint64_t permission,
               Caller* caller) {
  const std::string client = ClientIp(ctx.config.client_public_ip, req.remote_addr,
                                      req.get_header_value("X-Forwarded-For"));
  if (const int wait = ctx.throttle.RetryAfter(client); wait > 0) {
    res.set_header("Retry-After", std::to_string(wait));
    SendError(ctx, req, res, 429,
              "too many failed authentications from " + client + ": retry in " +
                  std::to_string(wait) + " s (authentication.failurerate)");
    return false;
  }
  AuthOutcome o = ctx.auth.Authenticate(req.get_header_value("X-PGPAUTHORIZATION"),
                                        req.get_header_value("X-MIGAPIKEY"), Time::Now());
  if (!o.ok) {
    if (o.http_status == 401) ctx.throttle.Failed(client);
    SendError(ctx, req, res, o.http_status, o.message);
    return false;
  }
  RequestFacts& f = CurrentRequest();
  f.category = "investigator";
  f.auth_name = o.caller.name;
  f.auth_id = o.caller.id;
  if ((o.caller.permissions & permission) != permission) {
    SendError(ctx, req, res, 403,
              "Insufficient permissions to access endpoint: investigator '" + o.caller.name +
                  "' lacks the '" + MissingPermissions(o.caller.permissions, permission) +
                  "' permission");
    return false;
  }
  if (caller) *caller = o.caller;
  return true;
}

std::optional<Id> ParseIdValue(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double d = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(d) || d != std::floor(d) || d <= 0 ||
      d >= 9007199254740992.0)
    return std::nullopt;
  return static_cast<Id>(d);
}

std::optional<Id> IdParam(const ApiContext& ctx, const http::Request& req, http::Response& res,
                          const std::string& name, const std::string& what) {
  if (!req.has_param(name)) {
    SendError(ctx, req, res, 400, "missing query parameter '" + name + "'");
    return std::nullopt;
  }
  const std::string v = req.get_param_value(name);
  auto id = ParseIdValue(v);
  if (!id) SendError(ctx, req, res, 400, "Invalid " + what + " ID '" + v + "'");
  return id;
}

std::optional<Action> FindAction(const ApiContext& ctx, const http::Request& req,
                                 http::Response& res, store::Store& store, Id id) {
  auto action = store.GetAction(id);
  if (!action.ok()) {
    SendError(ctx, req, res, 500, action.error());
    return std::nullopt;
  }
  if (!*action) SendError(ctx, req, res, 404, "Action ID '" + std::to_string(id) + "' not found");
  return std::move(*action);
}

std::optional<std::map<std::string, std::string>> ReadForm(const ApiContext& ctx,
                                                           const http::Request& req,
                                                           http::Response& res,
                                                           const http::ContentReader& reader) {
  if (req.is_multipart_form_data()) {
    SendError(ctx, req, res, 400,
              "this endpoint takes an application/x-www-form-urlencoded body, not multipart");
    return std::nullopt;
  }
  std::string body;
  bool too_big = false;
  const bool read = reader([&](const char* data, size_t len) {
    if (body.size() + len > ctx.config.max_body_bytes) {
      too_big = true;
      return false;
    }
    body.append(data, len);
    return true;
  });
  const size_t declared =
      std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10);
  if (too_big || declared > ctx.config.max_body_bytes) {
    SendError(ctx, req, res, 413,
              "request body exceeds the limit of " + std::to_string(ctx.config.max_body_bytes) +
                  " bytes (server.maxbodybytes)");
    return std::nullopt;
  }
  if (!read) {
    SendError(ctx, req, res, 400, "the request body could not be read completely");
    return std::nullopt;
  }
  auto form = ParseForm(body);
  if (!form.ok()) {
    SendError(ctx, req, res, 400, "malformed form body: " + form.error());
    return std::nullopt;
  }
  return std::move(*form);
}

}  // namespace mig::api
