#include "modules/file/file_module.h"

#include <chrono>

#include "modules/file/checks.h"
#include "modules/file/cli.h"
#include "modules/file/params.h"
#include "modules/file/printer.h"
#include "modules/file/results.h"
#include "modules/file/walker.h"
#include "modules/registry.h"

namespace mig::modules::file {

ModuleResult FileModule::Run(const Json& parameters) {
  const auto start = std::chrono::steady_clock::now();
  auto params = DecodeParameters(parameters);
  if (!params) return FailureResult(params.error());
  if (Status st = ValidateParameters(*params); !st) return FailureResult(st.message());
  const int64_t now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  auto searches = CompileSearches(*params, now_ns);
  if (!searches) return FailureResult(searches.error());
  RunState state(std::move(*searches));
  WalkAll(state);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  return BuildResult(state, std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count());
}

std::vector<std::string> FileModule::Print(const ModuleResult& result, bool found_only) const {
  return PrintResult(result, found_only);
}

Result<Json> FileModule::ParametersFromArgs(const std::vector<std::string>& args) const {
  auto params = ParseFileArgs(args);
  if (!params) return params.status();
  if (Status st = ValidateParameters(*params); !st) return st;
  return Json::parse(ParametersToJson(*params).dump());
}

std::string FileModule::Usage() const {
  return FileUsage();
}

void FileModule::ApplyPrivacy(ModuleResult& result) const {
  MaskResult(result);
}

}  // namespace mig::modules::file

MIG_REGISTER_MODULE(file, ::mig::modules::file::FileModule)
