// GET /command?commandid= and GET /agent?agentid= (api.md 5).
#include "api/context.h"
#include "api/permissions.h"
#include "core/documents_json.h"

namespace mig::api {
namespace {

void GetCommand(ApiContext& ctx, const http::Request& req, http::Response& res) {
  if (!Authorize(ctx, req, res, kPermCommand)) return;
  auto id = IdParam(ctx, req, res, "commandid", "Command");
  if (!id) return;
  auto store = ctx.pool.Borrow();
  if (!store.ok()) return SendError(ctx, req, res, 500, store.error());
  auto cmd = (*store)->GetCommand(*id);
  if (!cmd.ok()) return SendError(ctx, req, res, 500, cmd.error());
  if (!*cmd)
    return SendError(ctx, req, res, 404, "Command ID '" + std::to_string(*id) + "' not found");
  Collection c;
  c.href = RequestHref(ctx, req);
  CjItem item;
  item.href = ctx.BaseUrl() + "/command?commandid=" + std::to_string(*id);
  item.links.push_back(
      {"action", ctx.BaseUrl() + "/action?actionid=" + std::to_string((*cmd)->action.id)});
  item.data.push_back({"command", WriteCommand(**cmd)});
  c.items.push_back(std::move(item));
  SendCollection(res, 200, c);
}

void GetAgent(ApiContext& ctx, const http::Request& req, http::Response& res) {
  if (!Authorize(ctx, req, res, kPermAgent)) return;
  auto id = IdParam(ctx, req, res, "agentid", "Agent");
  if (!id) return;
  auto store = ctx.pool.Borrow();
  if (!store.ok()) return SendError(ctx, req, res, 500, store.error());
  auto agent = (*store)->GetAgent(*id);
  if (!agent.ok()) return SendError(ctx, req, res, 500, agent.error());
  if (!*agent)
    return SendError(ctx, req, res, 404, "Agent ID '" + std::to_string(*id) + "' not found");
  Collection c;
  c.href = RequestHref(ctx, req);
  c.items.push_back(CjItem{ctx.BaseUrl() + "/agent?agentid=" + std::to_string(*id),
                           {{"agent", WriteAgent(**agent)}},
                           {}});
  SendCollection(res, 200, c);
}

}  // namespace

void AddCommandAgentRoutes(http::Router& s, ApiContext& ctx) {
  s.Get(ctx.Route("/command"),
        [&ctx](const http::Request& req, http::Response& res) { GetCommand(ctx, req, res); });
  s.Get(ctx.Route("/agent"),
        [&ctx](const http::Request& req, http::Response& res) { GetAgent(ctx, req, res); });
}

}  // namespace mig::api
