// GET /dashboard (api.md 5): latest agents_stats row, then the 10 most
// recent actions.
#include "api/context.h"
#include "api/permissions.h"
#include "core/documents_json.h"

namespace mig::api {
namespace {

std::string Number(int64_t n) {
  return std::to_string(n);
}

std::string Versions(const std::vector<store::VersionCount>& list) {
  std::string out = "[";
  for (const auto& v : list) {
    if (out.size() > 1) out += ',';
    out += "{\"version\":";
    AppendGoString(out, v.version);
    out += ",\"count\":" + std::to_string(v.count) + "}";
  }
  return out + "]";
}

void Dashboard(ApiContext& ctx, const http::Request& req, http::Response& res) {
  if (!Authorize(ctx, req, res, kPermDashboard)) return;
  auto store = ctx.pool.Borrow();
  if (!store.ok()) return SendError(ctx, req, res, 500, store.error());
  Collection c;
  c.href = RequestHref(ctx, req);
  auto stats = (*store)->LatestAgentsStats();
  if (!stats.ok()) return SendError(ctx, req, res, 500, stats.error());
  if (*stats) {
    const store::AgentsStats& s = **stats;
    c.items.push_back(
        CjItem{ctx.BaseUrl() + "/dashboard",
               {{"online agents", Number(s.online_agents)},
                {"online agents by version", Versions(s.online_agents_by_version)},
                {"online endpoints", Number(s.online_endpoints)},
                {"idle agents", Number(s.idle_agents)},
                {"idle agents by version", Versions(s.idle_agents_by_version)},
                {"idle endpoints", Number(s.idle_endpoints)},
                {"new endpoints", Number(s.new_endpoints)},
                {"endpoints running 2 or more agents", Number(s.multi_agents_endpoints)},
                {"disappeared endpoints", Number(s.disappeared_endpoints)},
                {"flapping endpoints", Number(s.flapping_endpoints)}},
               {}});
  }
  store::ActionQuery q;
  q.window.limit = 10;
  auto actions = (*store)->SearchActions(q);
  if (!actions.ok()) return SendError(ctx, req, res, 500, actions.error());
  for (const Action& a : *actions) {
    c.items.push_back(CjItem{ctx.BaseUrl() + "/action?actionid=" + std::to_string(a.id),
                             {{"action", WriteAction(a)}},
                             {}});
  }
  SendCollection(res, 200, c);
}

}  // namespace

void AddDashboardRoutes(http::Router& s, ApiContext& ctx) {
  s.Get(ctx.Route("/dashboard"),
        [&ctx](const http::Request& req, http::Response& res) { Dashboard(ctx, req, res); });
}

}  // namespace mig::api
