// What the web console asks besides MIG's endpoints: GET /me, GET
// /agent/count, GET /action/findings, GET /acl (docs/api.md, "Console
// endpoints").
#include "api/context.h"
#include "api/permissions.h"
#include "api/target_param.h"
#include "core/gojson.h"
#include "core/json_fields.h"
#include "core/utf8.h"
#include "output/command_findings.h"

namespace mig::api {
namespace {

// Commands read from the store at a time for the findings.
constexpr int64_t kFindingsPage = 500;

std::string StringArray(const std::vector<std::string>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    AppendGoString(out, values[i]);
  }
  return out + "]";
}

std::string InvestigatorJson(Id id, const std::string& name, const std::string& fingerprint,
                             const std::string& status, uint64_t permissions) {
  std::string out;
  ObjectWriter w(out);
  w.Int("id", static_cast<int64_t>(id));
  w.String("name", name);
  w.String("pgpfingerprint", fingerprint);
  w.String("status", status);
  w.Key("permissions") += StringArray(PermissionNames(permissions));
  w.End();
  return out;
}

void SendItem(ApiContext& ctx, const http::Request& req, http::Response& res,
              const std::string& path, std::vector<CjData> data) {
  Collection c;
  c.href = RequestHref(ctx, req);
  c.items.push_back(CjItem{ctx.BaseUrl() + path, std::move(data), {}});
  SendCollection(res, 200, c);
}

void Me(ApiContext& ctx, const http::Request& req, http::Response& res) {
  Caller caller;
  if (!Authorize(ctx, req, res, 0, &caller)) return;
  std::string auth;
  AppendGoString(auth, caller.auth);
  if (caller.id == 0) {  // [authentication] enabled = false: nobody in particular
    return SendItem(ctx, req, res, "/me",
                    {{"investigator", InvestigatorJson(0, caller.name, "", "active", kPermAll)},
                     {"auth", auth}});
  }
  auto store = ctx.pool.Borrow();
  if (!store.ok()) return SendError(ctx, req, res, 500, store.error());
  auto rec = (*store)->GetInvestigator(caller.id);
  if (!rec.ok()) return SendError(ctx, req, res, 500, rec.error());
  if (!*rec)
    return SendError(ctx, req, res, 401, "investigator '" + caller.name + "' no longer exists");
  const auto& r = **rec;
  SendItem(ctx, req, res, "/me",
           {{"investigator", InvestigatorJson(r.info.id, r.info.name, r.info.pgp_fingerprint,
                                              r.info.status, r.permission_mask)},
            {"auth", auth}});
}

void AgentCount(ApiContext& ctx, const http::Request& req, http::Response& res) {
  if (!Authorize(ctx, req, res, kPermAgent)) return;
  const std::string target = req.get_param_value("target");
  if (const std::string why = CheckStorableText(target); !why.empty())
    return SendError(ctx, req, res, 400,
                     "parameter 'target' has " + why + ", which the store cannot take");
  auto store = ctx.pool.Borrow();
  if (!store.ok()) return SendError(ctx, req, res, 500, store.error());
  SqlFragment where{"1=1", {}};  // no target: every agent an action can reach
  if (!target.empty()) {
    auto sql = CompileTargetParam(target, (*store)->dialect());
    if (!sql.ok()) return SendError(ctx, req, res, 400, sql.error());
    where = std::move(*sql);
  }
  auto n = (*store)->CountTarget(where);
  if (!n.ok()) {
    // A value the database refuses as data (a number out of its range) is
    // the client's doing; its words go to the log only.
    if (n.status().is_data_error()) {
      SendError(ctx, req, res, 400,
                "the store cannot count agents with this target (the API's log has the detail)");
      CurrentRequest().error += " (" + n.error() + ")";
      return;
    }
    return SendError(ctx, req, res, 500, n.error());
  }
  SendItem(ctx, req, res, "/agent/count", {{"count", std::to_string(*n)}});
}

Result<output::Selection> ParseShow(const std::string& v) {
  if (v.empty() || v == "found") return output::Selection::kFound;
  if (v == "notfound") return output::Selection::kNotFound;
  if (v == "all") return output::Selection::kAll;
  return Status::Error("parameter 'show' must be found, notfound or all, not '" + v + "'");
}

void ActionFindings(ApiContext& ctx, const http::Request& req, http::Response& res) {
  if (!Authorize(ctx, req, res, kPermAction | kPermCommand)) return;
  auto id = IdParam(ctx, req, res, "actionid", "Action");
  if (!id) return;
  const std::string format_name = req.has_param("format") ? req.get_param_value("format") : "ocsf";
  auto format = output::ParseFormat(format_name);
  if (!format.ok()) return SendError(ctx, req, res, 400, "parameter 'format': " + format.error());
  auto selection = ParseShow(req.get_param_value("show"));
  if (!selection.ok()) return SendError(ctx, req, res, 400, selection.error());
  auto store = ctx.pool.Borrow();
  if (!store.ok()) return SendError(ctx, req, res, 500, store.error());
  auto action = FindAction(ctx, req, res, **store, *id);
  if (!action) return;
  std::string body;
  store::CommandQuery q;
  q.action_id = *id;
  q.window.limit = kFindingsPage;
  for (;;) {
    auto commands = (*store)->SearchCommands(q);
    if (!commands.ok()) return SendError(ctx, req, res, 500, commands.error());
    for (const Command& c : *commands) {
      for (const auto& line : output::CommandFindings(*action, c, *format, *selection))
        body += line.json + "\n";
    }
    if (static_cast<int64_t>(commands->size()) < q.window.limit) break;
    q.window.offset += q.window.limit;
  }
  res.status = 200;
  res.set_header("Cache-Control", "no-cache");
  res.set_content(body, "application/x-ndjson");
}

void GetAcl(ApiContext& ctx, const http::Request& req, http::Response& res) {
  if (!Authorize(ctx, req, res, 0)) return;
  if (ctx.acl_json.empty())
    return SendError(ctx, req, res, 404,
                     "no ACL is configured on this server ([console] acl in the API's "
                     "configuration)");
  SendItem(ctx, req, res, "/acl", {{"acl", ctx.acl_json}});
}

}  // namespace

void AddConsoleApiRoutes(http::Router& s, ApiContext& ctx) {
  s.Get(ctx.Route("/me"),
        [&ctx](const http::Request& req, http::Response& res) { Me(ctx, req, res); });
  s.Get(ctx.Route("/agent/count"),
        [&ctx](const http::Request& req, http::Response& res) { AgentCount(ctx, req, res); });
  s.Get(ctx.Route("/action/findings"),
        [&ctx](const http::Request& req, http::Response& res) { ActionFindings(ctx, req, res); });
  s.Get(ctx.Route("/acl"),
        [&ctx](const http::Request& req, http::Response& res) { GetAcl(ctx, req, res); });
}

}  // namespace mig::api
