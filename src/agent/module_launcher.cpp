#include "agent/module_launcher.h"

#include <signal.h>
#include <unistd.h>

#include <cctype>
#include <cstring>

#include "core/child_process.h"
#include "core/documents_json.h"
#include "core/gojson.h"
#include "modules/registry.h"

namespace mig::agent {
namespace {

std::string FirstLine(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

}  // namespace

std::string ChildModuleLauncher::SignalMeaning(int signal) const {
  std::string name = "signal: " + std::string(strsignal(signal));
  if (!sandbox_.enabled) return name;
  if (signal == SIGSYS) return "killed by the sandbox: forbidden system call (" + name + ")";
  if (signal == SIGXCPU || (signal == SIGKILL && sandbox_.max_cpu_seconds > 0))
    return name + " (CPU limit " + std::to_string(sandbox_.max_cpu_seconds) +
           " s, [sandbox] cpuseconds, or killed)";
  return name;
}

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
  OperationOutcome out;
  auto with_kept = AddKeptEndpoints(lower, parameters, kept_);
  if (!with_kept) {
    out.error = "runModule() -> " + with_kept.error();
    return out;
  }
  std::string message =
      "{\"class\":\"parameters\",\"parameters\":" + GoJsonEncode(*with_kept) + "}\n";
  ChildLimits limits;
  limits.timeout = timeout;
  limits.max_output_bytes = max_result_bytes_;
  std::vector<std::string> argv = {self_exe_, "-m", lower};
  if (sandbox_.enabled) argv.insert(argv.end(), {"--sandbox", SandboxArgument(sandbox_)});
  ChildRun run = RunChild(argv, message, limits);

  switch (run.outcome) {
    case ChildRun::Outcome::kTimedOut:
      out.kind = OperationOutcome::Kind::kTimedOut;
      return out;
    case ChildRun::Outcome::kSpawnFailed:
      out.error = "runModule() -> " + run.error;
      return out;
    case ChildRun::Outcome::kOutputTooLarge:
      out.error = "runModule() -> module result larger than " +
                  std::to_string(limits.max_output_bytes) + " bytes ([agent] maxresultsize)";
      return out;
    case ChildRun::Outcome::kSignaled:
      out.error = "runModule() -> " + SignalMeaning(run.signal);
      return out;
    case ChildRun::Outcome::kExited:
      break;
  }
  if (sandbox_.enabled && run.exit_code == kSandboxSetupFailedExit) {
    out.error = "runModule() -> sandbox not set up, module not run: " + FirstLine(run.output);
    return out;
  }
  if (sandbox_.enabled && run.exit_code == kOutOfMemoryExit) {
    out.error = "runModule() -> module exceeded its memory limit (" +
                std::to_string(sandbox_.max_memory_mib) + " MiB, [sandbox] memorymib)";
    return out;
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
