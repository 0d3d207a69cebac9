// Unauthenticated endpoints: GET/POST /heartbeat, GET /ip,
// GET /publickey/{fingerprint} (api.md 5, protocol.md 6.1).

#include "api/client_ip.h"
#include "api/context.h"
#include "core/documents_json.h"
#include "core/gojson.h"

namespace mig::api {
namespace {

constexpr int64_t kHeartbeatMaxAgeSeconds = 300;
constexpr int64_t kMigHttpHeartbeatSeconds = 300;  // MIG agent's default heartbeatfreq

// A 5xx's error (a database's words) goes to the access log only.
void HeartbeatReply(http::Response& res, int status, const std::string& error) {
  std::string body = "{\"error\":";
  if (error.empty()) {
    body += "null";
  } else if (status >= 500) {
    const std::string code = std::to_string(NewOperationId());
    AppendGoString(body, "Failed to save heartbeat: " + InternalErrorMessage(code));
    CurrentRequest().error = code + " " + error;
  } else {
    AppendGoString(body, error);
    CurrentRequest().error = error;
  }
  body += '}';
  SendJson(res, status, body, /*no_cache=*/false);
}

std::string MissingHeartbeatFields(const Agent& a) {
  std::vector<std::string> missing;
  if (a.name.empty()) missing.push_back("name");
  if (a.mode.empty()) missing.push_back("mode");
  if (a.version.empty()) missing.push_back("version");
  if (a.pid <= 0) missing.push_back("pid");
  if (a.queue_loc.empty()) missing.push_back("queueLoc");
  if (a.environment.init.empty()) missing.push_back("environment.init");
  if (a.environment.ident.empty()) missing.push_back("environment.ident");
  if (a.environment.os.empty()) missing.push_back("environment.os");
  if (a.environment.arch.empty()) missing.push_back("environment.arch");
  if (a.environment.public_ip.empty()) missing.push_back("environment.publicIP");
  std::string out;
  for (const auto& m : missing)
    out += (out.empty() ? "" : ", ") + m;
  return out;
}

void PostHeartbeat(ApiContext& ctx, const http::Request& req, http::Response& res) {
  CurrentRequest().category = "agent";
  auto agent = ParseHeartbeat(req.body, ctx.config.max_body_bytes);
  if (!agent.ok()) {
    HeartbeatReply(res, 400, "Failed to decode request body: " + agent.error());
    return;
  }
  const std::string missing = MissingHeartbeatFields(*agent);
  if (!missing.empty()) {
    HeartbeatReply(res, 400, "Missing fields in request body: missing field(s): " + missing);
    return;
  }
  const Time now = Time::Now();
  if (agent->start_time < now.AddSeconds(-kHeartbeatMaxAgeSeconds)) {
    HeartbeatReply(res, 400,
                   "heartbeat expired: startTime " + FormatTime(agent->start_time) +
                       " is more than 5 minutes old (check the agent's clock)");
    return;
  }
  if (agent->mode != "daemon" && agent->mode != "checkin") {
    HeartbeatReply(
        res, 400,
        "agent reported an invalid mode '" + agent->mode + "' (expected daemon or checkin)");
    return;
  }
  auto refused =
      ctx.agents.RefuseHeartbeat(req.get_header_value("Authorization"), agent->queue_loc);
  if (!refused.ok()) {
    HeartbeatReply(res, 500, "Failed to save heartbeat: " + refused.error());
    return;
  }
  if (!refused->empty()) {
    HeartbeatReply(res, 401, *refused);
    return;
  }
  auto store = ctx.pool.Borrow();
  if (!store.ok()) {
    HeartbeatReply(res, 500, "Failed to save heartbeat: " + store.error());
    return;
  }
  // MIG's agent heartbeats over HTTP every 300 s by default and declares no
  // interval: the agent's record follows that interval.
  store::Heartbeat hb{*agent, store::HeartbeatSource::kHttp, kMigHttpHeartbeatSeconds};
  auto out = (*store)->UpsertHeartbeats({hb}, now, store::AgentTimers{});
  if (!out.ok()) {
    HeartbeatReply(res, 500, "Failed to save heartbeat: " + out.error());
    return;
  }
  if (!out->empty() && out->front().result == store::HeartbeatResult::kRejected) {
    HeartbeatReply(res, 400, "Missing fields in request body: " + out->front().error);
    return;
  }
  HeartbeatReply(res, 200, "");
}

}  // namespace

void AddPublicRoutes(http::Router& s, ApiContext& ctx) {
  s.Get(ctx.Route("/heartbeat"), [&ctx](const http::Request& req, http::Response& res) {
    Collection c;
    c.href = RequestHref(ctx, req);
    c.items.push_back(CjItem{req.path, {{"heartbeat", "\"gatorz say hi\""}}, {}});
    SendCollection(res, 200, c);
  });
  s.Post(ctx.Route("/heartbeat"),
         [&ctx](const http::Request& req, http::Response& res) { PostHeartbeat(ctx, req, res); });
  s.Get(ctx.Route("/ip"), [&ctx](const http::Request& req, http::Response& res) {
    SendJson(res, 200,
             ClientIp(ctx.config.client_public_ip, req.remote_addr,
                      req.get_header_value("X-Forwarded-For")));
  });
  s.Get(ctx.Route("/publickey/([^/]+)"), [&ctx](const http::Request& req, http::Response& res) {
    const std::string fp = req.matches[1];
    auto store = ctx.pool.Borrow();
    if (!store.ok()) return SendError(ctx, req, res, 500, store.error());
    auto inv = (*store)->FindInvestigatorByFingerprint(fp);
    if (!inv.ok()) return SendError(ctx, req, res, 500, inv.error());
    if (!*inv || (*inv)->info.public_key.empty()) {
      res.status = 404;
      res.set_header("Cache-Control", "no-cache");
      res.set_content("Invalid Fingerprint : No PublicKey found for fingerprint '" + fp + "'",
                      "application/json");
      return;
    }
    SendJson(res, 200, (*inv)->info.public_key);
  });
}

}  // namespace mig::api
