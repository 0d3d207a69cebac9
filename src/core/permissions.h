// The names of an investigator's permissions, shared by the JSON codec and
// the console's permission sets so that both agree on names and order.
#pragma once

#include <array>
#include <string_view>

namespace mig {

// Go's JSON order of mig.InvestigatorPerms (api.md 3).
inline constexpr std::array<std::string_view, 19> kPermissionNames = {"search",
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

}  // namespace mig
