// The API's permission names in Go's JSON order (src/core/permissions.h),
// and the named sets of mig-api (src/api/permissions.h).
export const PERMISSION_NAMES = [
  "search",
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
  "investigator_update",
];

export const PERMISSION_SETS = {
  default: ["search", "action", "action_create", "command", "agent", "dashboard"],
  admin: ["investigator", "investigator_create", "investigator_update"],
};

// {search: true, ...} (the API's JSON form) -> ["search", ...] in order.
export function permissionList(object) {
  if (Array.isArray(object)) return PERMISSION_NAMES.filter((n) => object.includes(n));
  return PERMISSION_NAMES.filter((n) => object && object[n] === true);
}

// ["search", ...] -> the JSON object the API takes, every key present.
export function permissionObject(list) {
  const out = {};
  for (const n of PERMISSION_NAMES) out[n] = list.includes(n);
  return out;
}
