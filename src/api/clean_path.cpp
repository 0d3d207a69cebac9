#include "api/clean_path.h"

#include <vector>

namespace mig::api {

std::string CleanPath(const std::string& path) {
  if (path.empty()) return "/";
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    const std::string part = path.substr(start, slash - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();  // rooted: ".." above / stays at /
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = slash + 1;
  }
  std::string out;
  for (const auto& p : parts)
    out += "/" + p;
  if (out.empty()) return "/";
  if (path.back() == '/') out += '/';
  return out;
}

std::string CleanRedirect(const std::string& target) {
  const size_t q = target.find('?');
  const std::string path = target.substr(0, q);
  const std::string clean = CleanPath(path);
  if (clean == path) return "";
  return clean + (q == std::string::npos ? "" : target.substr(q));
}

}  // namespace mig::api
