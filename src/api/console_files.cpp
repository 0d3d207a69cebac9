#include "api/console_files.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <map>

#include "core/regular_file.h"

namespace mig::api {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Components of a relative path, split on '/'.
std::vector<std::string_view> Components(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

std::optional<std::string> RealPath(const std::string& path) {
  char buf[PATH_MAX];
  if (!::realpath(path.c_str(), buf)) return std::nullopt;
  return std::string(buf);
}

}  // namespace

bool IsConsolePath(std::string_view path) {
  if (path.substr(0, kConsolePrefix.size()) != kConsolePrefix) return false;
  return path.size() == kConsolePrefix.size() || path[kConsolePrefix.size()] == '/';
}

const std::vector<std::pair<std::string, std::string>>& ConsoleHeaders() {
  static const std::vector<std::pair<std::string, std::string>> headers = {
      {"Content-Security-Policy",
       "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
       "frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
      {"Cache-Control", "no-cache"},
  };
  return headers;
}

std::optional<std::string> ConsoleRelativePath(std::string_view rest) {
  std::string path(rest);
  if (path.empty() || path.back() == '/') path += "index.html";
  for (unsigned char c : path) {
    if (c < 0x20 || c == 0x7f || c == '\\') return std::nullopt;
  }
  for (std::string_view part : Components(path)) {
    // "." and ".." start with a dot too.
    if (part.empty() || part.front() == '.') return std::nullopt;
  }
  return path;
}

std::string ConsoleContentType(std::string_view name) {
  static const std::map<std::string, std::string> kTypes = {
      {"html", "text/html; charset=utf-8"},
      {"htm", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"txt", "text/plain; charset=utf-8"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"ico", "image/x-icon"},
      {"woff", "font/woff"},
      {"woff2", "font/woff2"},
      {"ttf", "font/ttf"},
      {"wasm", "application/wasm"},
  };
  const size_t slash = name.rfind('/');
  const std::string_view base = slash == std::string_view::npos ? name : name.substr(slash + 1);
  const size_t dot = base.rfind('.');
  if (dot != std::string_view::npos) {
    auto it = kTypes.find(Lower(base.substr(dot + 1)));
    if (it != kTypes.end()) return it->second;
  }
  return "application/octet-stream";
}

Result<std::string> ResolveConsoleRoot(const std::string& root) {
  auto real = RealPath(root);
  if (!real) return Status::Error("console.root: '" + root + "': " + std::strerror(errno));
  struct stat st {};
  if (::stat(real->c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    return Status::Error("console.root: '" + root + "' is not a directory");
  return *real;
}

ConsoleRead ReadConsoleFile(const std::string& real_root, const std::string& relative,
                            size_t max_bytes) {
  ConsoleRead out;
  auto real = RealPath(real_root + "/" + relative);
  if (!real) {
    out.why = "no such file";
    return out;
  }
  const std::string prefix = real_root == "/" ? "/" : real_root + "/";
  if (real->compare(0, prefix.size(), prefix) != 0 || real->size() == prefix.size()) {
    out.why = "resolves outside the console root";
    return out;
  }
  for (std::string_view part : Components(std::string_view(*real).substr(prefix.size()))) {
    if (part.empty() || part.front() == '.') {
      out.why = "resolves to a dot file";
      return out;
    }
  }
  // The canonical path has no link left to follow; O_NOFOLLOW refuses one
  // put there since, O_NONBLOCK keeps a FIFO from holding the worker.
  const UniqueFd fd(
      ::open(real->c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) {
    out.why = std::string("cannot open: ") + std::strerror(errno);
    return out;
  }
  auto read = ReadRegularFile(fd.get(), max_bytes);
  using Outcome = RegularFileRead::Outcome;
  switch (read.outcome) {
    case Outcome::kOk:
      out.status = 200;
      out.content = std::move(read.content);
      break;
    case Outcome::kNotRegular:
      out.why = "not a regular file";
      break;
    case Outcome::kTooLarge:
    case Outcome::kGrew:
      out.status = 500;
      out.why = relative + " is larger than " + std::to_string(max_bytes) + " bytes";
      break;
    case Outcome::kReadError:
      out.status = 500;
      out.why = relative + ": read error: " + std::strerror(read.error);
      break;
  }
  return out;
}

}  // namespace mig::api
