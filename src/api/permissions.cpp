#include "api/permissions.h"

#include <array>
#include <utility>

namespace mig::api {
namespace {

// Go's JSON order of mig.InvestigatorPerms with each key's bit.
constexpr std::array<std::pair<std::string_view, uint64_t>, 19> kOrder = {{
    {"search", kPermSearch},
    {"action", kPermAction},
    {"action_create", kPermActionCreate},
    {"command", kPermCommand},
    {"agent", kPermAgent},
    {"dashboard", kPermDashboard},
    {"loader", kPermLoader},
    {"loader_status", kPermLoaderStatus},
    {"loader_expect", kPermLoaderExpect},
    {"loader_key", kPermLoaderKey},
    {"loader_new", kPermLoaderNew},
    {"manifest", kPermManifest},
    {"manifest_sign", kPermManifestSign},
    {"manifest_status", kPermManifestStatus},
    {"manifest_new", kPermManifestNew},
    {"manifest_loaders", kPermManifestLoaders},
    {"investigator", kPermInvestigator},
    {"investigator_create", kPermInvestigatorCreate},
    {"investigator_update", kPermInvestigatorUpdate},
}};

}  // namespace

std::string_view PermissionName(uint64_t bit) {
  for (const auto& [name, b] : kOrder) {
    if (b == bit) return name;
  }
  return "unknown";
}

std::vector<std::string> PermissionNames(uint64_t mask) {
  std::vector<std::string> out;
  for (const auto& [name, bit] : kOrder) {
    if (mask & bit) out.emplace_back(name);
  }
  return out;
}

std::string MissingPermissions(uint64_t held, uint64_t wanted) {
  std::string out;
  for (const auto& name : PermissionNames(wanted & ~held)) {
    out += (out.empty() ? "" : ", ") + name;
  }
  return out;
}

std::string WritePermissions(uint64_t mask) {
  std::string out = "{";
  for (const auto& [name, bit] : kOrder) {
    if (out.size() > 1) out += ',';
    AppendGoString(out, name);
    out += (mask & bit) ? ":true" : ":false";
  }
  out += '}';
  return out;
}

Result<uint64_t> ParsePermissions(std::string_view json_text) {
  auto doc = ParseGoJson(json_text, 64 * 1024);
  if (!doc.ok()) return Status::Error("permissions: " + doc.error());
  if (!doc->is_object()) return Status::Error("permissions: expected a JSON object of booleans");
  uint64_t mask = 0;
  for (const auto& [key, value] : doc->items()) {
    uint64_t bit = 0;
    for (const auto& [name, b] : kOrder) {
      if (name == key) bit = b;
    }
    if (bit == 0) return Status::Error("permissions: unknown permission '" + key + "'");
    if (!value.is_boolean())
      return Status::Error("permissions." + key + ": expected true or false");
    if (value.get<bool>()) mask |= bit;
  }
  return mask;
}

Result<uint64_t> ParsePermissionList(std::string_view list) {
  uint64_t mask = 0;
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = list.find(',', start);
    if (end == std::string_view::npos) end = list.size();
    const std::string_view item = list.substr(start, end - start);
    start = end + 1;
    if (item.empty()) continue;
    if (item == "default" || item == "Default") {
      mask |= kPermSetDefault;
    } else if (item == "admin" || item == "PermAdmin") {
      mask |= kPermSetAdmin;
    } else if (item == "PermManifest") {
      mask |= kPermSetManifest;
    } else if (item == "PermLoader") {
      mask |= kPermSetLoader;
    } else if (item == "all") {
      mask |= kPermAll;
    } else {
      uint64_t bit = 0;
      for (const auto& [name, b] : kOrder) {
        if (name == item) bit = b;
      }
      if (bit == 0)
        return Status::Error("unknown permission '" + std::string(item) +
                             "' (use default, admin, PermManifest, PermLoader, all or single "
                             "names like action_create)");
      mask |= bit;
    }
  }
  return mask;
}

}  // namespace mig::api
