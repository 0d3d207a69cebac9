#include "console/permission_sets.h"

#include <algorithm>
#include <map>

#include "core/permissions.h"

namespace mig::console {
namespace {

const std::map<std::string, std::vector<std::string>>& Sets() {
  static const std::map<std::string, std::vector<std::string>> sets = {
      {"Default", {"search", "action", "action_create", "command", "agent", "dashboard"}},
      {"PermManifest",
       {"manifest", "manifest_sign", "manifest_status", "manifest_new", "manifest_loaders"}},
      {"PermLoader", {"loader", "loader_status", "loader_expect", "loader_key", "loader_new"}},
      {"PermAdmin", {"investigator", "investigator_create", "investigator_update"}},
  };
  return sets;
}

}  // namespace

const std::vector<std::string>& PermissionSetNames() {
  static const std::vector<std::string> names = {"Default", "PermManifest", "PermLoader",
                                                 "PermAdmin"};
  return names;
}

Result<std::string> PermissionsJson(const std::vector<std::string>& sets) {
  std::vector<std::string> on = Sets().at("Default");
  for (const auto& name : sets) {
    auto it = Sets().find(name);
    if (it == Sets().end())
      return Result<std::string>::Error("unknown permission set '" + name +
                                        "'; sets are Default, PermManifest, PermLoader, PermAdmin");
    on.insert(on.end(), it->second.begin(), it->second.end());
  }
  std::string out = "{";
  // Every permission in Go's key order, held or not.
  for (std::string_view k : kPermissionNames) {
    if (out.size() > 1) out += ',';
    out += "\"" + std::string(k) +
           "\":" + (std::find(on.begin(), on.end(), k) != on.end() ? "true" : "false");
  }
  return out + "}";
}

}  // namespace mig::console
