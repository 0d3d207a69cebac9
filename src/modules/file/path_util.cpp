#include "modules/file/path_util.h"

#include <vector>

namespace mig::modules::file {

std::string CleanPath(std::string_view path) {
  if (path.empty()) return ".";
  const bool rooted = path[0] == '/';
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view part = path.substr(i, j - i);
    i = j + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") {
        parts.pop_back();
      } else if (!rooted) {
        parts.push_back(part);
      }
      continue;
    }
    parts.push_back(part);
  }
  std::string out;
  out.reserve(path.size() + 1);
  if (rooted) out.push_back('/');
  for (size_t k = 0; k < parts.size(); ++k) {
    if (k > 0) out.push_back('/');
    out.append(parts[k].data(), parts[k].size());
  }
  if (out.empty()) return std::string(1, '.');
  return out;
}

std::string DirName(std::string_view path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return ".";
  if (slash == 0) return "/";
  return CleanPath(path.substr(0, slash));
}

std::string BaseName(std::string_view path) {
  if (path.empty()) return ".";
  while (path.size() > 1 && path.back() == '/')
    path.remove_suffix(1);
  const size_t slash = path.rfind('/');
  if (slash == std::string_view::npos || path.size() == 1) return std::string(path);
  return std::string(path.substr(slash + 1));
}

std::string JoinPath(std::string_view parent, std::string_view name) {
  std::string out;
  out.reserve(parent.size() + name.size() + 1);
  out.append(parent.data(), parent.size());
  if (out.empty() || out.back() != '/') out.push_back('/');
  out.append(name.data(), name.size());
  return out;
}

bool IsAncestorOrSelf(std::string_view ancestor, std::string_view path, int* levels_below) {
  int levels = 0;
  if (ancestor == path) {
    levels = 0;
  } else if (ancestor == "." && !path.empty() && path[0] != '/') {
    levels = 1;  // every relative path lies below "."
    for (char c : path)
      if (c == '/') ++levels;
  } else {
    if (path.size() <= ancestor.size() || path.substr(0, ancestor.size()) != ancestor) return false;
    std::string_view rest = path.substr(ancestor.size());
    if (ancestor != "/") {
      if (rest[0] != '/') return false;
      rest.remove_prefix(1);
    }
    levels = 1;
    for (char c : rest)
      if (c == '/') ++levels;
  }
  if (levels_below) *levels_below = levels;
  return true;
}

}  // namespace mig::modules::file
