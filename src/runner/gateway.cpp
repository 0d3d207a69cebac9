#include "runner/gateway.h"

#include <set>

#include "core/documents_json.h"

namespace mig::runner {
namespace {

// MIG's page size for command searches (api.md 7).
constexpr int kCommandPage = 37;
// A runaway server cannot make the runner page forever.
constexpr int kMaxCommandPages = 100000;

Status FromApi(const client::ApiError& e) {
  return Status::Error(e.ToString());
}

}  // namespace

Result<Id> ApiGateway::Launch(const Action& action) {
  auto created = api_->PostForm("action/create/", {{"action", WriteAction(action)}});
  if (!created) return FromApi(created.error());
  if (!created->items.empty() && !created->items[0].data.empty()) {
    const Json& v = created->items[0].data[0].value;
    if (v.is_object() && v.contains("id") && v["id"].is_number_integer() && v["id"].get<Id>() > 0)
      return v["id"].get<Id>();
  }
  return Status::Error("the API accepted the action but returned no action ID");
}

Result<Id> ApiGateway::FindLaunched(const Action& action) {
  // The search window is on validfrom and expireafter (api.md 6.2); a second
  // either side absorbs the store's rounding.
  const std::string query =
      "search?type=action&limit=50&actionname=" + client::UrlEncode(action.name) +
      "&after=" + client::UrlEncode(FormatTime(action.valid_from.AddSeconds(-1))) +
      "&before=" + client::UrlEncode(FormatTime(action.expire_after.AddSeconds(1)));
  auto found = api_->Get(query);
  if (!found) return FromApi(found.error());
  for (const auto& item : found->items) {
    const Json& v = item.Value("action");
    if (v.is_null()) continue;
    auto a = ActionFromJson(v);
    if (!a) continue;
    if (a->name == action.name && a->valid_from.Unix() == action.valid_from.Unix() &&
        a->expire_after.Unix() == action.expire_after.Unix() && a->id > 0)
      return a->id;
  }
  return Id{0};
}

Result<std::vector<Json>> ApiGateway::Commands(Id action_id) {
  std::vector<Json> commands;
  // Pages are ordered by start time; a command that moves between two
  // pages while we read is kept once.
  std::set<Id> seen;
  for (int page = 0; page < kMaxCommandPages; ++page) {
    auto c = api_->Get("search?type=command&limit=" + std::to_string(kCommandPage) +
                       "&offset=" + std::to_string(page * kCommandPage) +
                       "&actionid=" + std::to_string(action_id));
    if (!c) return FromApi(c.error());
    size_t n = 0;
    for (const auto& item : c->items) {
      const Json& v = item.Value("command");
      if (v.is_null()) continue;
      ++n;
      if (v.is_object() && v.contains("id") && v["id"].is_number_integer() &&
          !seen.insert(v["id"].get<Id>()).second)
        continue;
      commands.push_back(v);
    }
    if (n == 0) break;
  }
  return commands;
}

}  // namespace mig::runner
