#include "modules/process/process_module.h"

#include <chrono>

#include "modules/process/params.h"
#include "modules/process/report.h"
#include "modules/process/selection.h"
#include "modules/process/signaller.h"
#include "modules/registry.h"

namespace mig::modules::process {

ModuleResult ProcessModule::Run(const Json& parameters) {
  const auto start = std::chrono::steady_clock::now();
  auto params = DecodeParameters(parameters);
  if (!params) return FailureResult(params.error());
  auto request = ValidateParameters(*params);
  if (!request) return FailureResult(request.error());
  auto selection = SelectProcesses(request->selector, ProtectedPids());
  if (!selection) return FailureResult(selection.error());
  const std::vector<Outcome> outcomes = SignalProcesses(selection->targets, *request);
  const auto elapsed =
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start)
          .count();
  return BuildResult(*request, *selection, outcomes, elapsed);
}

std::vector<std::string> ProcessModule::Print(const ModuleResult& result, bool found_only) const {
  return PrintResult(result, found_only);
}

Result<Json> ProcessModule::ParametersFromArgs(const std::vector<std::string>& args) const {
  auto params = ParseProcessArgs(args);
  if (!params) return params.status();
  if (auto request = ValidateParameters(*params); !request) return request.status();
  return Json::parse(ParametersToJson(*params).dump());
}

std::string ProcessModule::Usage() const {
  return ProcessUsage();
}

void ProcessModule::ApplyPrivacy(ModuleResult& result) const {
  MaskResult(result);
}

}  // namespace mig::modules::process

MIG_REGISTER_MODULE(process, ::mig::modules::process::ProcessModule)
