// Investigator permissions (api.md section 3): a bit mask in the database,
// an object of booleans on the wire (keys in Go's order, which is not the
// bit order).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/gojson.h"
#include "core/status.h"

namespace mig::api {

enum Permission : uint64_t {
  kPermSearch = 1ull << 0,
  kPermAction = 1ull << 1,
  kPermActionCreate = 1ull << 2,
  kPermCommand = 1ull << 3,
  kPermAgent = 1ull << 4,
  kPermDashboard = 1ull << 5,
  kPermLoader = 1ull << 6,
  kPermLoaderStatus = 1ull << 7,
  kPermLoaderExpect = 1ull << 8,
  kPermLoaderKey = 1ull << 9,
  kPermLoaderNew = 1ull << 10,
  kPermManifest = 1ull << 11,
  kPermManifestSign = 1ull << 12,
  kPermManifestNew = 1ull << 13,
  kPermManifestStatus = 1ull << 14,
  kPermManifestLoaders = 1ull << 15,
  kPermInvestigator = 1ull << 16,
  kPermInvestigatorCreate = 1ull << 17,
  kPermInvestigatorUpdate = 1ull << 18,
};

// Named sets of mig-console's setperms.
inline constexpr uint64_t kPermSetDefault = 63;
inline constexpr uint64_t kPermSetAdmin =
    kPermInvestigator | kPermInvestigatorCreate | kPermInvestigatorUpdate;
inline constexpr uint64_t kPermSetManifest = kPermManifest | kPermManifestSign | kPermManifestNew |
                                             kPermManifestStatus | kPermManifestLoaders;
inline constexpr uint64_t kPermSetLoader =
    kPermLoader | kPermLoaderStatus | kPermLoaderExpect | kPermLoaderKey | kPermLoaderNew;
inline constexpr uint64_t kPermAll = (1ull << 19) - 1;

// The JSON name of one permission bit ("action_create").
std::string_view PermissionName(uint64_t bit);

// Names of the bits set in mask, in JSON order.
std::vector<std::string> PermissionNames(uint64_t mask);

// The names of the bits of `wanted` missing from `held`, comma-separated in
// JSON order ("" when held covers wanted): what a 403 names.
std::string MissingPermissions(uint64_t held, uint64_t wanted);

// {"search":true,...} with every key, in Go's order.
std::string WritePermissions(uint64_t mask);

// Reads the JSON object of booleans; unknown keys and non-booleans are
// errors naming the key. Missing keys are false (the whole set is replaced).
Result<uint64_t> ParsePermissions(std::string_view json_text);

// A comma-separated list for the command line: single names (action_create)
// or sets: default, admin (PermAdmin), PermManifest, PermLoader, all.
Result<uint64_t> ParsePermissionList(std::string_view list);

}  // namespace mig::api
