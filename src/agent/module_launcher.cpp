#include "agent/module_launcher.h"

#include <unistd.h>

#include <cctype>
#include <cstring>

#include "agent/child_process.h"
#include "core/documents_json.h"
#include "core/gojson.h"
#include "modules/registry.h"

namespace mig::agent {

bool ChildModuleLauncher::Has(const std::string& module) const {
  for (const auto& name : modules::ModuleNames()) {
    if (name == module) return true;
  }
  return false;
}

OperationOutcome ChildModuleLauncher::Launch(const std::string& module, const Json& parameters,
                                             std::chrono::milliseconds timeout) const {
  std::string lower = module;
  for (char& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string message =
      "{\"class\":\"parameters\",\"parameters\":" + GoJsonEncode(parameters) + "}\n";
  ChildLimits limits;
  limits.timeout = timeout;
  ChildRun run = RunChild({self_exe_, "-m", lower}, message, limits);

  OperationOutcome out;
  switch (run.outcome) {
    case ChildRun::Outcome::kTimedOut:
      out.kind = OperationOutcome::Kind::kTimedOut;
      return out;
    case ChildRun::Outcome::kSpawnFailed:
      out.error = "runModule() -> " + run.error;
      return out;
    case ChildRun::Outcome::kOutputTooLarge:
      out.error = "runModule() -> module output larger than " +
                  std::to_string(limits.max_output_bytes) + " bytes";
      return out;
    case ChildRun::Outcome::kSignaled:
      out.error = "runModule() -> signal: " + std::string(strsignal(run.signal));
      return out;
    case ChildRun::Outcome::kExited:
      break;
  }
  if (run.exit_code != 0) {
    out.error = "runModule() -> exit status " + std::to_string(run.exit_code);
    return out;
  }
  auto doc = ParseGoJson(run.output);
  if (!doc) {
    out.error = "runModule() -> " + doc.error();
    return out;
  }
  auto result = ModuleResultFromJson(*doc);
  if (!result) {
    out.error = "runModule() -> " + result.error();
    return out;
  }
  out.kind = OperationOutcome::Kind::kOk;
  out.result = std::move(result.value());
  return out;
}

std::string SelfExecutable() {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : "mig-agent";
}

}  // namespace mig::agent
