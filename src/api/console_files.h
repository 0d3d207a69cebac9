// The web console's static files ([console] root), served under /console/
// to anyone, unauthenticated: which request names which file, which files
// are never served (anything outside root, dot files, what is not a
// regular file), their types and the headers every console answer carries.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace mig::api {

// The URL prefix of the console, outside the API's base route.
inline constexpr std::string_view kConsolePrefix = "/console";

// Largest file served: the bundle (OpenPGP.js included) is about a megabyte.
inline constexpr size_t kMaxConsoleFileBytes = 16 * 1024 * 1024;

// Whether a (decoded) request path is the console's: "/console" or below
// "/console/".
bool IsConsolePath(std::string_view path);

// The headers on every console answer, errors and redirects included: a
// strict Content-Security-Policy (no inline script, no eval, nothing from
// another origin), no sniffing, no referrer, no framing, no caching without
// asking.
const std::vector<std::pair<std::string, std::string>>& ConsoleHeaders();

// The file, relative to root, that the decoded path below "/console/"
// names ("" and a trailing '/' name index.html), or nullopt when the path
// is refused: an empty, "." or ".." component, a component starting with
// '.', a NUL, a backslash or another control byte.
std::optional<std::string> ConsoleRelativePath(std::string_view rest);

// The Content-Type for a file name, by its extension (case-insensitive);
// unknown extensions are application/octet-stream.
std::string ConsoleContentType(std::string_view name);

// The canonical path of [console] root, which must be a directory.
Result<std::string> ResolveConsoleRoot(const std::string& root);

// One file read for an answer: status 200 with the content, 404 for a file
// that does not exist or is not served, 500 for one that cannot be read or
// is over max_bytes (why says which, for the log).
struct ConsoleRead {
  int status = 404;
  std::string content;
  std::string why;
};

// Reads real_root/relative. The file's canonical path must lie below
// real_root with no dot component there (a symbolic link may point inside
// root, never out of it nor to a dot file), and be a regular file opened
// without following a link, without blocking on a FIFO.
ConsoleRead ReadConsoleFile(const std::string& real_root, const std::string& relative,
                            size_t max_bytes = kMaxConsoleFileBytes);

}  // namespace mig::api
