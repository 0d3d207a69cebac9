#include "modules/scribe/engine/file_locator.h"

#include "modules/file/engine/checks.h"
#include "modules/file/engine/run_state.h"
#include "modules/file/engine/walker.h"
#include "modules/file/params.h"
#include "modules/file/path_util.h"

namespace mig::modules::scribe {

Result<std::vector<std::string>> LocateFiles(const std::string& path,
                                             const std::string& file_regex) {
  file::Search search;
  search.label = "s1";
  search.paths.push_back(file::CleanPath(path));
  search.names.push_back(file_regex);
  search.options.maxdepth = kLocateMaxDepth;
  search.options.maxerrors = 30;
  search.options.matchall = true;
  search.options.matchlimit = kLocateMatchLimit;
  file::Parameters params;
  params.searches.push_back(std::move(search));
  if (Status st = file::ValidateParameters(params); !st) return st;
  auto compiled = file::CompileSearches(params, 0);
  if (!compiled) return compiled.status();
  file::RunState state(std::move(*compiled));
  // One thread: the walk order, and so the order of values, is the same
  // on every run.
  file::WalkAll(state, 1);
  std::vector<std::string> files;
  for (const auto& hit : state.hits(0).files)
    if (!hit.path.empty()) files.push_back(hit.path);
  return files;
}

}  // namespace mig::modules::scribe
