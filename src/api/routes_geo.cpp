// The map's data (docs/api.md): GET /agent/locations places the agents a
// target selects by the public address they report (environment
// "publicip"), GET /geo describes the [geo] database.
#include <charconv>

#include "api/context.h"
#include "api/permissions.h"
#include "api/target_param.h"
#include "core/gojson.h"
#include "core/json_fields.h"
#include "core/utf8.h"

namespace mig::api {
namespace {

constexpr int64_t kDefaultLimit = 10000;
constexpr int64_t kMaxLimit = 100000;

Result<int64_t> ReadLimit(const http::Request& req) {
  if (!req.has_param("limit")) return kDefaultLimit;
  const std::string v = req.get_param_value("limit");
  int64_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (v.empty() || ec != std::errc() || end != v.data() + v.size() || n < 1 || n > kMaxLimit)
    return Status::Error("parameter 'limit' must be a whole number from 1 to " +
                         std::to_string(kMaxLimit) + ", got '" + v + "'");
  return n;
}

void AppendNullableString(std::string& out, const std::string& s) {
  if (s.empty())
    out += "null";
  else
    AppendGoString(out, s);
}

void AppendLocation(std::string& out, const std::optional<GeoLocation>& loc) {
  if (!loc) {
    out += "null";
    return;
  }
  ObjectWriter w(out);
  auto degrees = [&w](const char* key, const std::optional<double>& v) {
    if (v)
      w.Number(key, *v);
    else
      w.Key(key) += "null";
  };
  degrees("latitude", loc->latitude);
  degrees("longitude", loc->longitude);
  AppendNullableString(w.Key("country"), loc->country);
  AppendNullableString(w.Key("city"), loc->city);
  w.End();
}

std::string WriteAgentLocation(const Agent& a, const GeoLocator* geo) {
  std::string out;
  ObjectWriter w(out);
  w.Int("id", a.id);
  w.String("name", a.name);
  w.String("status", a.status);
  w.String("publicip", a.environment.public_ip);
  w.TimeField("heartbeattime", a.heartbeat_time);
  std::optional<GeoLocation> loc;
  if (geo) loc = geo->Lookup(a.environment.public_ip);
  AppendLocation(w.Key("location"), loc);
  w.End();
  return out;
}

void AgentLocations(ApiContext& ctx, const http::Request& req, http::Response& res) {
  if (!Authorize(ctx, req, res, kPermAgent)) return;
  const std::string target = req.has_param("target") ? req.get_param_value("target") : "";
  // NUL or invalid UTF-8 in a string literal would reach the store as data
  // it cannot take: said here, naming the parameter.
  if (std::string why = CheckStorableText(target); !why.empty())
    return SendError(ctx, req, res, 400,
                     "parameter 'target' has " + why + ", which the store cannot take");
  auto limit = ReadLimit(req);
  if (!limit.ok()) return SendError(ctx, req, res, 400, limit.error());
  auto store = ctx.pool.Borrow();
  if (!store.ok()) return SendError(ctx, req, res, 500, store.error());
  // No target: every agent an action could reach (online or idle).
  Result<SqlFragment> where = SqlFragment{"TRUE", {}};
  if (!target.empty()) where = CompileTargetParam(target, (*store)->dialect());
  if (!where.ok()) return SendError(ctx, req, res, 400, where.error());
  // One more than asked: whether the answer was cut.
  auto agents = (*store)->ResolveTargetFirst(*where, *limit + 1);
  if (!agents.ok()) {
    if (!agents.status().is_data_error()) return SendError(ctx, req, res, 500, agents.error());
    SendError(ctx, req, res, 400,
              "the store cannot select agents with this target (the API's log has the detail)");
    CurrentRequest().error += " (" + agents.error() + ")";
    return;
  }
  if (static_cast<int64_t>(agents->size()) > *limit) {
    agents->resize(static_cast<size_t>(*limit));
    res.set_header("X-MIG-Truncated", std::to_string(*limit));
  }
  Collection c;
  c.href = RequestHref(ctx, req);
  c.items.reserve(agents->size());
  for (const Agent& a : *agents) {
    c.items.push_back(CjItem{ctx.BaseUrl() + "/agent?agentid=" + std::to_string(a.id),
                             {{"agent", WriteAgentLocation(a, ctx.geo.get())}},
                             {}});
  }
  SendCollection(res, 200, c);
}

void Geo(ApiContext& ctx, const http::Request& req, http::Response& res) {
  // Any authenticated caller: it tells what the map can show, nothing more.
  if (!Authorize(ctx, req, res, 0)) return;
  std::string value;
  ObjectWriter w(value);
  w.Bool("configured", ctx.geo != nullptr);
  if (ctx.geo) {
    const GeoMetadata& m = ctx.geo->metadata();
    AppendNullableString(w.Key("type"), m.database_type);
    if (m.built)
      w.TimeField("built", *m.built);
    else
      w.Key("built") += "null";
  } else {
    w.Key("type") += "null";
    w.Key("built") += "null";
  }
  w.End();
  Collection c;
  c.href = RequestHref(ctx, req);
  c.items.push_back(CjItem{ctx.BaseUrl() + "/geo", {{"geo", value}}, {}});
  SendCollection(res, 200, c);
}

}  // namespace

void AddGeoRoutes(http::Router& s, ApiContext& ctx) {
  s.Get(ctx.Route("/agent/locations"),
        [&ctx](const http::Request& req, http::Response& res) { AgentLocations(ctx, req, res); });
  s.Get(ctx.Route("/geo"),
        [&ctx](const http::Request& req, http::Response& res) { Geo(ctx, req, res); });
}

}  // namespace mig::api
