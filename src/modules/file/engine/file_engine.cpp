#include "modules/file/engine/file_engine.h"

#include <chrono>

#include "modules/file/engine/checks.h"
#include "modules/file/engine/results.h"
#include "modules/file/engine/walker.h"
#include "modules/file/file_module.h"
#include "modules/module_adapter.h"

namespace mig::modules::file {

ModuleResult RunFileSearch(const Parameters& params) {
  const auto start = std::chrono::steady_clock::now();
  const int64_t now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  auto searches = CompileSearches(params, now_ns);
  if (!searches) return FailureResult(searches.error());
  RunState state(std::move(*searches));
  WalkAll(state);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  return BuildResult(state, std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count());
}

}  // namespace mig::modules::file

MIG_REGISTER_MODULE_ENGINE(::mig::modules::file::FileSpec, ::mig::modules::file::RunFileSearch)
