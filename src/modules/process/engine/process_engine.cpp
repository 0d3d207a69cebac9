#include "modules/process/engine/process_engine.h"

#include <chrono>

#include "modules/process/engine/selection.h"
#include "modules/process/engine/signaller.h"
#include "modules/process/process_module.h"

namespace mig::modules::process {

ModuleResult RunProcessAction(const Parameters& /*params*/, const Request& request) {
  const auto start = std::chrono::steady_clock::now();
  auto selection = SelectProcesses(request.selector, ProtectedPids());
  if (!selection) return FailureResult(selection.error());
  const std::vector<Outcome> outcomes = SignalProcesses(selection->targets, request);
  const auto elapsed =
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start)
          .count();
  return BuildResult(request, *selection, outcomes, elapsed);
}

}  // namespace mig::modules::process

MIG_REGISTER_MODULE_ENGINE(::mig::modules::process::ProcessSpec,
                           ::mig::modules::process::RunProcessAction)
