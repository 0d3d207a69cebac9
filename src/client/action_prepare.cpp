#include "client/action_prepare.h"

#include <cctype>

#include "core/action_validation.h"
#include "core/compression.h"
#include "core/documents_json.h"
#include "core/gojson.h"

namespace mig::client {

namespace {

bool SameKeyIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// The member Go's decoder would fill for `name` (case-insensitive match), or
// null when there is none or it is null.
const Json* FindField(const Json& object, std::string_view name) {
  if (auto exact = object.find(std::string(name)); exact != object.end()) {
    return exact->is_null() ? nullptr : &*exact;
  }
  const Json* found = nullptr;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (SameKeyIgnoringCase(it.key(), name)) found = &it.value();
  }
  return found && !found->is_null() ? found : nullptr;
}

// Replaces every spelling of `name` with the exact one set to value.
void SetField(Json& object, const std::string& name, Json value) {
  for (auto it = object.begin(); it != object.end();) {
    if (SameKeyIgnoringCase(it.key(), name)) {
      it = object.erase(it);
    } else {
      ++it;
    }
  }
  object[name] = std::move(value);
}

}  // namespace

Result<Action> ReadActionForSigning(std::string_view text, const Time& now) {
  auto doc = ParseGoJson(text);
  if (!doc) return Result<Action>::Error("malformed JSON: " + doc.error());
  if (!doc->is_object()) {
    return Result<Action>::Error("action: expected a JSON object, got " +
                                 std::string(doc->type_name()));
  }
  if (FindField(*doc, "validfrom") == nullptr) {
    SetField(*doc, "validfrom", FormatTime(Time::FromUnix(now.Unix() - kValidFromSkewSeconds)));
  }
  if (FindField(*doc, "expireafter") == nullptr) {
    const Json& valid_from = *FindField(*doc, "validfrom");
    if (!valid_from.is_string()) {
      return Result<Action>::Error("action.validfrom: expected an RFC 3339 time string, got " +
                                   std::string(valid_from.type_name()));
    }
    auto from = ParseTime(valid_from.get<std::string>());
    if (!from) return Result<Action>::Error("action.validfrom: " + from.error());
    SetField(*doc, "expireafter", FormatTime(from->AddSeconds(kDefaultLifetimeSeconds)));
  }
  auto action = ActionFromJson(*doc, "action");
  if (!action) return action;
  if (action->syntax_version == 0) action->syntax_version = kActionSyntaxVersion;
  return action;
}

void CompressWantedOperations(Action& action) {
  if (!action.operations) return;
  for (auto& op : *action.operations) {
    if (op.want_compressed && !op.is_compressed) CompressOperation(op);
  }
}

Status CheckSignable(const Action& action, const Time& now) {
  // ValidateAction also wants a signature; the one about to be made counts.
  Action signed_copy = action;
  signed_copy.pgp_signatures.push_back("about to be signed");
  return ValidateAction(signed_copy, now, /*agent_side=*/false);
}

}  // namespace mig::client
