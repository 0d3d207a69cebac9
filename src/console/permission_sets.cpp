#include "console/permission_sets.h"

#include <algorithm>
#include <map>

namespace mig::console {
namespace {

// Go's key order for the permissions object.
const std::vector<std::string> kKeys = {"search",
                                        "action",
                                        "action_create",
                                        "command",
                                        "agent",
                                        "dashboard",
                                        "loader",
                                        "loader_status",
                                        "loader_expect",
                                        "loader_key",
                                        "loader_new",
                                        "manifest",
                                        "manifest_sign",
                                        "manifest_status",
                                        "manifest_new",
                                        "manifest_loaders",
                                        "investigator",
                                        "investigator_create",
                                        "investigator_update"};

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
  for (const auto& k : kKeys) {
    if (out.size() > 1) out += ',';
    out += "\"" + k + "\":" + (std::find(on.begin(), on.end(), k) != on.end() ? "true" : "false");
  }
  return out + "}";
}

}  // namespace mig::console
