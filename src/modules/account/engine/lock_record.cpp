#include "modules/account/engine/lock_record.h"

#include <algorithm>
#include <cmath>

#include "core/documents.h"
#include "core/gojson.h"
#include "modules/account/engine/ssh_keys.h"
#include "modules/account/engine/user_db.h"

namespace mig::modules::account {

std::string RecordPath(const std::string& etc_dir, const std::string& user) {
  return etc_dir + "/mig-account-locked." + user;
}

std::string EncodeRecord(const LockRecord& r) {
  OrderedJson j;
  j["user"] = r.user;
  j["uid"] = r.uid;
  j["lockedat"] = r.locked_at;
  j["shadowprefixed"] = r.shadow_prefixed;
  j["passwdprefixed"] = r.passwd_prefixed;
  j["previousexpire"] = r.previous_expire;
  j["keys"] = r.keys;
  return j.dump(2) + "\n";
}

Result<LockRecord> DecodeRecord(std::string_view text, const std::string& expected_user) {
  auto bad = [&](const std::string& why) {
    return Result<LockRecord>::Error("the lock record of " + expected_user +
                                     " is not valid: " + why + ": refused, nothing changed");
  };
  if (text.size() > kMaxRecordBytes) return bad("larger than 4096 bytes");
  auto parsed = ParseGoJson(text);
  if (!parsed) return bad(parsed.error());
  const Json& j = *parsed;
  if (!j.is_object()) return bad("not an object");
  auto has = [&](const char* key, bool (Json::*is)() const) {
    auto it = j.find(key);
    return it != j.end() && ((*it).*is)();
  };
  if (!has("user", &Json::is_string) || !has("uid", &Json::is_number) ||
      !has("lockedat", &Json::is_number) || !has("shadowprefixed", &Json::is_boolean) ||
      !has("passwdprefixed", &Json::is_boolean) || !has("previousexpire", &Json::is_string) ||
      !has("keys", &Json::is_array))
    return bad("a field is missing or has the wrong type");
  LockRecord r;
  r.user = j["user"].get<std::string>();
  if (r.user != expected_user) return bad("it names the user '" + r.user + "'");
  // Go's JSON reads numbers as float64: whole numbers in range only.
  const double uid = j["uid"].get<double>();
  if (!(uid >= 0 && uid <= UINT32_MAX) || uid != std::floor(uid)) return bad("uid out of range");
  r.uid = static_cast<uint32_t>(uid);
  const double at = j["lockedat"].get<double>();
  if (!(std::fabs(at) < 1e15) || at != std::floor(at)) return bad("lockedat out of range");
  r.locked_at = static_cast<int64_t>(at);
  r.shadow_prefixed = j["shadowprefixed"].get<bool>();
  r.passwd_prefixed = j["passwdprefixed"].get<bool>();
  r.previous_expire = j["previousexpire"].get<std::string>();
  if (!IsValidExpireField(r.previous_expire)) return bad("previousexpire is not an expiry field");
  const auto& known = AuthorizedKeysNames();
  for (const auto& k : j["keys"]) {
    if (!k.is_string()) return bad("keys holds a non-string");
    const auto name = k.get<std::string>();
    if (std::find(known.begin(), known.end(), name) == known.end())
      return bad("keys names '" + name + "'");
    if (std::find(r.keys.begin(), r.keys.end(), name) != r.keys.end())
      return bad("keys repeats '" + name + "'");
    r.keys.push_back(name);
  }
  return r;
}

}  // namespace mig::modules::account
