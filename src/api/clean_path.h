// MIG's router (gorilla/mux) answers a request whose path is not clean with
// a 301 to the cleaned path, and Go's client follows it: MIG's agent with
// MIG's default configuration asks for /api/v1//ip (issue 14).
#pragma once

#include <string>

namespace mig::api {

// Go's path.Clean of the path, keeping a trailing slash (mux's cleanPath):
// "//ip" -> "/ip", "/a/./b/../c/" -> "/a/c/", "" -> "/".
std::string CleanPath(const std::string& path);

// The Location to redirect a request target (path and query as received) to,
// or "" when its path is already clean.
std::string CleanRedirect(const std::string& target);

}  // namespace mig::api
