#include "client/local_module.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "core/child_process.h"
#include "core/gojson.h"
#include "modules/result_json.h"

namespace mig::client {
namespace {

bool IsExecutable(const std::filesystem::path& p) {
  std::error_code ec;
  return std::filesystem::is_regular_file(p, ec) && access(p.c_str(), X_OK) == 0;
}

std::filesystem::path OwnDirectory() {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path() : self.parent_path();
}

std::string FromPath() {
  const char* path = std::getenv("PATH");
  if (!path) return "";
  std::string_view rest = path;
  while (!rest.empty()) {
    const size_t colon = rest.find(':');
    const std::string_view dir = rest.substr(0, colon);
    rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
    if (dir.empty()) continue;  // never the current directory by accident
    const auto candidate = std::filesystem::path(dir) / "mig-agent";
    if (IsExecutable(candidate)) return candidate.string();
  }
  return "";
}

}  // namespace

std::string FindAgentProgram() {
  if (const char* env = std::getenv("MIG_AGENT"); env && *env) return env;
  const auto own = OwnDirectory();
  if (!own.empty()) {
    for (const auto& candidate : {own / "mig-agent", own.parent_path() / "sbin" / "mig-agent",
                                  own.parent_path() / "mig-agent" / "mig-agent"})
      if (IsExecutable(candidate)) return candidate.string();
  }
  return FromPath();
}

Result<ModuleResult> RunModuleLocally(const std::string& module, const Json& parameters) {
  const std::string agent = FindAgentProgram();
  if (agent.empty())
    return Result<ModuleResult>::Error(
        "cannot run the module locally: mig-agent was not found beside mig nor on $PATH "
        "(set MIG_AGENT to its path)");
  const std::string message =
      "{\"class\":\"parameters\",\"parameters\":" + GoJsonEncode(parameters) + "}\n";
  ChildLimits limits;
  limits.timeout = std::chrono::hours(24);  // the investigator waits, or presses ^C
  ChildRun run = RunChild({agent, "-m", module}, message, limits);
  const std::string where = "running " + agent + " -m " + module + ": ";
  switch (run.outcome) {
    case ChildRun::Outcome::kSpawnFailed:
      return Result<ModuleResult>::Error(where + run.error);
    case ChildRun::Outcome::kTimedOut:
      return Result<ModuleResult>::Error(where + "timed out");
    case ChildRun::Outcome::kOutputTooLarge:
      return Result<ModuleResult>::Error(where + "result larger than " +
                                         std::to_string(limits.max_output_bytes) + " bytes");
    case ChildRun::Outcome::kSignaled:
      return Result<ModuleResult>::Error(where + "killed by signal " + std::to_string(run.signal));
    case ChildRun::Outcome::kExited:
      break;
  }
  if (run.exit_code != 0)
    return Result<ModuleResult>::Error(where + "exit status " + std::to_string(run.exit_code) +
                                       " (does this mig-agent have the module?)");
  auto result = modules::ModuleResultFromJson(run.output);
  if (!result) return Result<ModuleResult>::Error(where + result.error());
  return result;
}

}  // namespace mig::client
