// GET /action, POST /action/create/ (api.md 5, protocol.md 2.5 and 3.5) and
// POST /action/cancel/ (not in MIG).
#include <set>

#include "api/action_document.h"
#include "api/context.h"
#include "api/permissions.h"
#include "core/action_validation.h"
#include "core/documents_json.h"
#include "core/signed_string.h"
#include "core/target/target.h"

namespace mig::api {
namespace {

void GetAction(ApiContext& ctx, const http::Request& req, http::Response& res) {
  if (!Authorize(ctx, req, res, kPermAction)) return;
  auto id = IdParam(ctx, req, res, "actionid", "Action");
  if (!id) return;
  auto store = ctx.pool.Borrow();
  if (!store.ok()) return SendError(ctx, req, res, 500, store.error());
  auto action = FindAction(ctx, req, res, **store, *id);
  if (!action) return;
  auto doc = WriteApiAction(**store, *action);
  if (!doc.ok()) return SendError(ctx, req, res, 500, doc.error());
  Collection c;
  c.href = RequestHref(ctx, req);
  const std::string href = ctx.BaseUrl() + "/action?actionid=" + std::to_string(*id);
  c.items.push_back(CjItem{href, {{"action", *doc}}, {}});
  SendCollection(res, 200, c);
}

// Every failure of the submitted action is the submitter's: 400 for what
// they wrote, 403 for signatures that do not come from active investigators.
void CreateAction(ApiContext& ctx, const http::Request& req, http::Response& res,
                  const http::ContentReader& reader) {
  Caller caller;
  if (!Authorize(ctx, req, res, kPermActionCreate, &caller)) return;
  auto form = ReadForm(ctx, req, res, reader);
  if (!form) return;
  auto field = form->find("action");
  if (field == form->end() || field->second.empty())
    return SendError(ctx, req, res, 400, "missing form field 'action' (the signed action JSON)");
  auto action = ParseAction(field->second, ctx.config.max_body_bytes);
  if (!action.ok()) return SendError(ctx, req, res, 400, "invalid action JSON: " + action.error());
  TargetError terr;
  if (auto t = ParseTarget(action->target, &terr); !t.ok()) {
    return SendError(
        ctx, req, res, 400,
        "action.target: " + t.error() + "\n" + CaretDisplay(action->target, terr.offset));
  }
  const Time now = Time::Now();
  if (Status v = ValidateAction(*action, now, /*agent_side=*/false); !v.ok())
    return SendError(ctx, req, res, 400, "invalid action: " + v.message());

  const std::string signed_string = SignedString(*action);
  std::vector<Id> signers;
  std::set<Id> seen;
  for (size_t i = 0; i < action->pgp_signatures.size(); ++i) {
    const std::string which = "signature " + std::to_string(i + 1);
    auto check = ctx.auth.CheckSignature(signed_string, action->pgp_signatures[i]);
    if (!check.ok()) return SendError(ctx, req, res, 500, which + ": " + check.error());
    const auto& c = check->check;
    if (c.error == pgp::SignatureError::kMalformed ||
        c.error == pgp::SignatureError::kMissingChecksum ||
        c.error == pgp::SignatureError::kUnsupported)
      return SendError(ctx, req, res, 400, which + " is unreadable: " + c.message);
    if (!c.valid()) return SendError(ctx, req, res, 403, which + " rejected: " + c.message);
    const Id signer = check->investigator->info.id;
    if (!seen.insert(signer).second)
      return SendError(ctx, req, res, 400,
                       which + " is a second signature by investigator '" +
                           check->investigator->info.name + "'; each may sign once");
    signers.push_back(signer);
  }
  // The server owns these fields whatever was submitted.
  action->id = 0;
  action->status = "pending";
  action->start_time = Time::StartSentinel();
  action->last_update_time = Time::StartSentinel();
  action->finish_time = Time::FinishSentinel();
  action->counters = Counters{};
  action->investigators.clear();
  auto store = ctx.pool.Borrow();
  if (!store.ok()) return SendError(ctx, req, res, 500, store.error());
  // Signers vouch for the action, the caller for this submission of it.
  if (Status s = (*store)->InsertAction(*action, signers, caller.id); !s.ok())
    return SendError(ctx, req, res, 500, "storing the action failed: " + s.message());
  auto stored = (*store)->GetAction(action->id);
  const Action& shown = (stored.ok() && *stored) ? **stored : *action;
  auto doc = WriteApiAction(**store, shown);
  Collection col;
  col.href = RequestHref(ctx, req);
  const std::string id = std::to_string(action->id);
  col.items.push_back(CjItem{ctx.BaseUrl() + "/action?actionid=" + id,
                             {{"action ID " + id, doc.ok() ? *doc : WriteAction(shown)}},
                             {}});
  SendCollection(res, 202, col);
}

void CancelAction(ApiContext& ctx, const http::Request& req, http::Response& res,
                  const http::ContentReader& reader) {
  if (!Authorize(ctx, req, res, kPermActionCreate)) return;
  auto form = ReadForm(ctx, req, res, reader);
  if (!form) return;
  const std::string raw = form->count("actionid") ? form->at("actionid") : "";
  auto id = ParseIdValue(raw);
  if (!id) return SendError(ctx, req, res, 400, "Invalid Action ID '" + raw + "'");
  auto store = ctx.pool.Borrow();
  if (!store.ok()) return SendError(ctx, req, res, 500, store.error());
  auto action = FindAction(ctx, req, res, **store, *id);
  if (!action) return;
  if (Status s = (*store)->CancelAction(*id, Time::Now()); !s.ok())
    return SendError(ctx, req, res, 409,
                     "cannot cancel action " + std::to_string(*id) + ": " + s.message());
  auto after = (*store)->GetAction(*id);
  Collection c;
  c.href = RequestHref(ctx, req);
  const std::string href = ctx.BaseUrl() + "/action?actionid=" + std::to_string(*id);
  c.items.push_back(
      CjItem{href, {{"action", WriteAction((after.ok() && *after) ? **after : *action)}}, {}});
  SendCollection(res, 200, c);
}

}  // namespace

void AddActionRoutes(http::Router& s, ApiContext& ctx) {
  s.Get(ctx.Route("/action"),
        [&ctx](const http::Request& req, http::Response& res) { GetAction(ctx, req, res); });
  s.Post(ctx.Route("/action/create/"),
         [&ctx](const http::Request& req, http::Response& res, const http::ContentReader& reader) {
           CreateAction(ctx, req, res, reader);
         });
  s.Post(ctx.Route("/action/cancel/"),
         [&ctx](const http::Request& req, http::Response& res, const http::ContentReader& reader) {
           CancelAction(ctx, req, res, reader);
         });
}

}  // namespace mig::api
