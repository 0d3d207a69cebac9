// GET /investigator, POST /investigator/create/ (multipart),
// POST /investigator/update/ (form) (api.md 5).
#include "api/api_keys.h"
#include "api/context.h"
#include "api/investigators.h"
#include "api/permissions.h"

namespace mig::api {
namespace {

std::string InvestigatorHref(const ApiContext& ctx, Id id) {
  return ctx.BaseUrl() + "/investigator?investigatorid=" + std::to_string(id);
}

void GetInvestigator(ApiContext& ctx, const http::Request& req, http::Response& res) {
  if (!Authorize(ctx, req, res, kPermInvestigator)) return;
  auto id = IdParam(ctx, req, res, "investigatorid", "Investigator");
  if (!id) return;
  auto store = ctx.pool.Borrow();
  if (!store.ok()) return SendError(ctx, req, res, 500, store.error());
  auto r = (*store)->GetInvestigator(*id);
  if (!r.ok()) return SendError(ctx, req, res, 500, r.error());
  if (!*r)
    return SendError(ctx, req, res, 404, "Investigator ID '" + std::to_string(*id) + "' not found");
  Collection c;
  c.href = RequestHref(ctx, req);
  CjItem item{InvestigatorHref(ctx, *id), {{"investigator", WriteInvestigatorRecord(**r)}}, {}};
  item.links.push_back(
      {"investigator history",
       ctx.BaseUrl() + "/search?type=action&investigatorid=" + std::to_string(*id) + "&limit=100"});
  c.items.push_back(std::move(item));
  SendCollection(res, 200, c);
}

// Nobody grants a permission they do not hold: investigator_create alone
// must not mint an all-permissions investigator (issue 13, finding 8).
bool MayGrant(ApiContext& ctx, const http::Request& req, http::Response& res,
              const Caller& caller, uint64_t perms) {
  const std::string missing = MissingPermissions(caller.permissions, perms);
  if (missing.empty()) return true;
  SendError(ctx, req, res, 403,
            "Insufficient permissions: investigator '" + caller.name +
                "' cannot grant permissions they do not hold: " + missing);
  return false;
}

void CreateInvestigatorRoute(ApiContext& ctx, const http::Request& req, http::Response& res) {
  Caller caller;
  if (!Authorize(ctx, req, res, kPermInvestigatorCreate, &caller)) return;
  if (!req.is_multipart_form_data())
    return SendError(ctx, req, res, 400,
                     "send multipart/form-data with fields name, permissions and publickey");
  const std::string name = req.has_file("name") ? req.get_file_value("name").content : "";
  if (name.empty()) return SendError(ctx, req, res, 400, "missing form field 'name'");
  if (!req.has_file("permissions"))
    return SendError(ctx, req, res, 400,
                     "missing form field 'permissions' (JSON object of booleans)");
  auto perms = ParsePermissions(req.get_file_value("permissions").content);
  if (!perms.ok()) return SendError(ctx, req, res, 400, perms.error());
  if (!MayGrant(ctx, req, res, caller, *perms)) return;
  const std::string key = req.has_file("publickey") ? req.get_file_value("publickey").content : "";
  auto store = ctx.pool.Borrow();
  if (!store.ok()) return SendError(ctx, req, res, 500, store.error());
  auto id = CreateInvestigator(**store, name, key, *perms);
  if (!id.ok()) {
    const bool dup = id.error().find("already exists") != std::string::npos;
    return SendError(ctx, req, res, dup ? 409 : 400, id.error());
  }
  ctx.auth.InvalidateKeyring();
  auto r = (*store)->GetInvestigator(*id);
  if (!r.ok() || !*r) return SendError(ctx, req, res, 500, "investigator vanished after insert");
  Collection c;
  c.href = RequestHref(ctx, req);
  c.items.push_back(
      CjItem{InvestigatorHref(ctx, *id),
             {{"Investigator ID " + std::to_string(*id), WriteInvestigatorRecord(**r)}},
             {}});
  SendCollection(res, 201, c);
}

// Whether some active investigator other than `id` holds an admin bit.
Result<bool> OtherAdminExists(store::Store& s, Id id) {
  store::InvestigatorQuery q;
  q.window.limit = 1000000;
  auto all = s.SearchInvestigators(q);
  if (!all.ok()) return all.status();
  for (const auto& r : *all) {
    if (r.info.id != id && r.info.status == "active" && (r.permission_mask & kPermSetAdmin))
      return true;
  }
  return false;
}

void UpdateInvestigator(ApiContext& ctx, const http::Request& req, http::Response& res,
                        const http::ContentReader& reader) {
  Caller caller;
  if (!Authorize(ctx, req, res, kPermInvestigatorUpdate, &caller)) return;
  auto form = ReadForm(ctx, req, res, reader);
  if (!form) return;
  auto get = [&](const char* k) { return form->count(k) ? form->at(k) : std::string(); };
  auto id = ParseIdValue(get("id"));
  if (!id) return SendError(ctx, req, res, 400, "Invalid Investigator ID '" + get("id") + "'");
  const std::string status = get("status"), perms_text = get("permissions"), apikey = get("apikey");
  if (status.empty() && perms_text.empty() && apikey.empty())
    return SendError(ctx, req, res, 400,
                     "give at least one of the form fields status, permissions, apikey");
  if (!status.empty() && status != "active" && status != "disabled")
    return SendError(ctx, req, res, 400, "status must be active or disabled, got '" + status + "'");
  if (!apikey.empty() && apikey != "active" && apikey != "disabled")
    return SendError(ctx, req, res, 400, "apikey must be active or disabled, got '" + apikey + "'");
  std::optional<uint64_t> perms;
  if (!perms_text.empty()) {
    auto p = ParsePermissions(perms_text);
    if (!p.ok()) return SendError(ctx, req, res, 400, p.error());
    perms = *p;
    if (!MayGrant(ctx, req, res, caller, *perms)) return;
  }
  auto store = ctx.pool.Borrow();
  if (!store.ok()) return SendError(ctx, req, res, 500, store.error());
  auto current = (*store)->GetInvestigator(*id);
  if (!current.ok()) return SendError(ctx, req, res, 500, current.error());
  if (!*current)
    return SendError(ctx, req, res, 404, "Investigator ID '" + std::to_string(*id) + "' not found");
  // Status, permissions and keys of someone holding more than the caller
  // are out of reach: else a lesser investigator disables the admin.
  if (const std::string more = MissingPermissions(caller.permissions, (*current)->permission_mask);
      !more.empty())
    return SendError(ctx, req, res, 403,
                     "Insufficient permissions: investigator '" + caller.name +
                         "' cannot change investigator " + std::to_string(*id) +
                         ", who holds permissions they lack: " + more);
  const bool loses_admin = ((*current)->permission_mask & kPermSetAdmin) &&
                           ((perms && !(*perms & kPermSetAdmin)) || status == "disabled");
  if (loses_admin) {
    auto other = OtherAdminExists(**store, *id);
    if (!other.ok()) return SendError(ctx, req, res, 500, other.error());
    if (!*other)
      return SendError(ctx, req, res, 409,
                       "will not remove last admin: no other active investigator holds an "
                       "investigator permission");
  }
  std::string value = "{\"id\":" + std::to_string(*id);
  if (!status.empty()) {
    if (Status s = (*store)->SetInvestigatorStatus(*id, status); !s.ok())
      return SendError(ctx, req, res, 500, s.message());
    value += ",\"status\":\"" + status + "\"";
  }
  if (perms) {
    if (Status s = (*store)->SetInvestigatorPermissions(*id, *perms); !s.ok())
      return SendError(ctx, req, res, 500, s.message());
    value += ",\"permissions\":" + WritePermissions(*perms);
  }
  if (apikey == "active") {
    auto key = GenerateApiKey();
    auto salt = GenerateSalt();
    if (!key.ok() || !salt.ok()) return SendError(ctx, req, res, 500, "no randomness");
    auto hash = HashApiKey(*key, *salt);
    if (!hash.ok()) return SendError(ctx, req, res, 500, hash.error());
    if (Status s =
            (*store)->SetInvestigatorApiKey(*id, *hash, *salt, key->substr(0, kApiKeyPrefixLength));
        !s.ok())
      return SendError(ctx, req, res, 500, s.message());
    value += ",\"apikey\":\"" + *key + "\"";
  } else if (apikey == "disabled") {
    // The store keeps hash and salt together: a fresh random hash that no
    // key produces disables the old key; no prefix, so it is never tried.
    auto junk = GenerateSalt();
    auto salt = GenerateSalt();
    if (!junk.ok() || !salt.ok()) return SendError(ctx, req, res, 500, "no randomness");
    if (Status s = (*store)->SetInvestigatorApiKey(*id, *junk + *junk, *salt, ""); !s.ok())
      return SendError(ctx, req, res, 500, s.message());
  }
  ctx.auth.InvalidateKeyring();
  Collection c;
  c.href = RequestHref(ctx, req);
  c.items.push_back(CjItem{
      InvestigatorHref(ctx, *id), {{"Investigator ID " + std::to_string(*id), value + "}"}}, {}});
  SendCollection(res, 200, c);
}

}  // namespace

void AddInvestigatorRoutes(http::Router& s, ApiContext& ctx) {
  s.Get(ctx.Route("/investigator"),
        [&ctx](const http::Request& req, http::Response& res) { GetInvestigator(ctx, req, res); });
  s.Post(ctx.Route("/investigator/create/"), [&ctx](const http::Request& req, http::Response& res) {
    CreateInvestigatorRoute(ctx, req, res);
  });
  s.Post(ctx.Route("/investigator/update/"),
         [&ctx](const http::Request& req, http::Response& res, const http::ContentReader& reader) {
           UpdateInvestigator(ctx, req, res, reader);
         });
}

}  // namespace mig::api
