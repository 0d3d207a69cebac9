#include "modules/file/engine/results.h"

#include <algorithm>

#include "modules/file/path_util.h"
#include "modules/file/result_shape.h"
#include "modules/go_format.h"

namespace mig::modules::file {
namespace {

OrderedJson FileInfo(const FileHit* hit) {
  OrderedJson info = OrderedJson::object();
  if (!hit) {
    info["size"] = 0;
    info["mode"] = "";
    info["lastmodified"] = "";
    return info;
  }
  info["size"] = static_cast<int64_t>(hit->st.st_size);
  info["mode"] = FormatGoMode(hit->st.st_mode);
  info["lastmodified"] = FormatGoTime(hit->st.st_mtim.tv_sec, hit->st.st_mtim.tv_nsec);
  if (!hit->sha256.empty()) info["sha256"] = hit->sha256;
  return info;
}

OrderedJson Entry(const FileHit* hit, OrderedJson search) {
  OrderedJson e = OrderedJson::object();
  e["file"] = hit ? JsonSafe(hit->path) : "";
  e["search"] = std::move(search);
  e["fileinfo"] = FileInfo(hit);
  return e;
}

// The search as a matchany entry shows it: one check, zeroed options.
OrderedJson SingleCheckSearch(const Check& c, std::vector<std::string> paths) {
  Search s;
  s.paths = std::move(paths);
  std::vector<std::string> one = {HashValueForResult(c)};
  switch (c.filter) {
    case Filter::kContent:
      s.contents = one;
      break;
    case Filter::kName:
      s.names = one;
      break;
    case Filter::kSize:
      s.sizes = one;
      break;
    case Filter::kMode:
      s.modes = one;
      break;
    case Filter::kMtime:
      s.mtimes = one;
      break;
    case Filter::kMd5:
      s.md5 = one;
      break;
    case Filter::kSha1:
      s.sha1 = one;
      break;
    case Filter::kSha2:
      s.sha2 = one;
      break;
    case Filter::kSha3:
      s.sha3 = one;
      break;
  }
  return SearchToJson(s, true);
}

std::vector<std::string> SafePaths(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const auto& p : paths)
    out.push_back(JsonSafe(p));
  return out;
}

OrderedJson SearchElements(const CompiledSearch& cs, const SearchHits& hits) {
  if (cs.search.options.matchall) {
    Search copy = cs.search;
    copy.paths = SafePaths(copy.paths);
    const OrderedJson echo = SearchToJson(copy, true);
    OrderedJson list = OrderedJson::array();
    for (const FileHit& h : hits.files)
      list.push_back(Entry(&h, echo));
    if (list.empty()) list.push_back(Entry(nullptr, echo));
    return list;
  }
  if (cs.checks.empty()) return nullptr;
  OrderedJson list = OrderedJson::array();
  for (size_t i = 0; i < cs.checks.size(); ++i) {
    const auto& files = hits.by_check[i];
    if (files.empty()) {
      list.push_back(Entry(nullptr, SingleCheckSearch(cs.checks[i], SafePaths(cs.search.paths))));
      continue;
    }
    for (const FileHit& h : files)
      list.push_back(Entry(&h, SingleCheckSearch(cs.checks[i], {JsonSafe(DirName(h.path))})));
  }
  return list;
}

}  // namespace

ModuleResult BuildResult(const RunState& state, int64_t exec_ns) {
  ModuleResult r;
  r.success = true;
  r.found_anything = state.totalhits() > 0;
  OrderedJson elements = OrderedJson::object();
  uint64_t max_errors = 0;
  for (size_t s = 0; s < state.searches().size(); ++s) {
    const CompiledSearch& cs = state.searches()[s];
    elements[cs.search.label] = SearchElements(cs, state.hits(s));
    max_errors = std::max(max_errors, EffectiveLimit(cs.search.options.maxerrors));
  }
  r.elements = std::move(elements);
  r.statistics = Statistics(state.filescount(), state.openfailed(), state.totalhits(),
                            FormatGoDuration(exec_ns));
  const auto& errors = state.errors();
  if (state.searches().empty()) max_errors = kUnlimited;
  if (errors.size() <= max_errors) {
    r.errors = errors;
  } else {
    r.errors.assign(errors.begin(), errors.begin() + static_cast<ptrdiff_t>(max_errors));
    r.errors.push_back(std::to_string(errors.size() - max_errors) +
                       " errors were not returned (max errors = " + std::to_string(max_errors) +
                       ")");
  }
  return r;
}

}  // namespace mig::modules::file
