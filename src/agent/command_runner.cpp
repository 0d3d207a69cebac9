#include "agent/command_runner.h"

#include <algorithm>
#include <functional>
#include <utility>
#include <vector>

#include "core/compression.h"
#include "core/documents_json.h"
#include "modules/registry.h"

namespace mig::agent {

void CommandRunner::Fail(Command& command, const std::string& error) {
  command.status = "failed";
  size_t n = command.action.operations ? command.action.operations->size() : 0;
  command.results.assign(std::max<size_t>(n, 1), ModuleResult{});
  for (auto& r : command.results)
    r.errors = {error};
}

std::string CommandRunner::EncodeWithin(Command& command, size_t max_bytes, int* replaced) {
  std::string body = WriteCommand(command);
  if (replaced) *replaced = 0;
  if (body.size() <= max_bytes) return body;
  std::vector<std::pair<size_t, size_t>> sizes;  // encoded size, index
  for (size_t i = 0; i < command.results.size(); ++i)
    sizes.emplace_back(WriteModuleResult(command.results[i]).size(), i);
  std::sort(sizes.begin(), sizes.end(), std::greater<>());
  for (const auto& [size, i] : sizes) {
    ModuleResult error;
    error.errors = {"the result of this operation (" + std::to_string(size) +
                    " bytes) is larger than the agent's [agent] maxresultsize (" +
                    std::to_string(max_bytes) + " bytes); it was not sent"};
    command.results[i] = std::move(error);
    if (command.status == "success") command.status = "failed";
    if (replaced) ++*replaced;
    body = WriteCommand(command);
    if (body.size() <= max_bytes) break;
  }
  return body;
}

void CommandRunner::Run(Command& command) const {
  const Action& action = command.action;
  Status allowed = authorizer_.Authorize(action, Time::Now());
  if (!allowed.ok()) {
    Fail(command, allowed.message());
    return;
  }
  // Only authorized actions are recorded, so unsigned junk cannot fill the ledger.
  if (ledger_) {
    auto verdict = ledger_->Record(action, Time::Now());
    if (!verdict.ok()) return Fail(command, verdict.error());
    if (*verdict == ActionLedger::Verdict::kAlreadyRun)
      return Fail(command, "replay refused: signed action \"" + action.name +
                               "\" was already run on this agent, and a signed action runs at "
                               "most once (sha256 of its signed string " +
                               ActionLedger::Key(action) + ")");
  }
  const auto& ops = *action.operations;  // Authorize rejects a null list
  command.status = "success";
  command.results.assign(ops.size(), ModuleResult{});
  for (size_t i = 0; i < ops.size(); ++i) {
    OperationOutcome out = RunOperation(ops[i], action);
    switch (out.kind) {
      case OperationOutcome::Kind::kOk:
        command.results[i] = std::move(out.result);
        if (extra_privacy_mode_) {
          // The module's own hook, in the agent: what a module child printed
          // never leaves unmasked, whatever the child did.
          if (auto module = modules::CreateModule(ops[i].module))
            module->ApplyPrivacy(command.results[i]);
        }
        break;
      case OperationOutcome::Kind::kFailed:
        command.results[i].errors.push_back(out.error);
        if (command.status == "success") command.status = "failed";
        break;
      case OperationOutcome::Kind::kTimedOut:
        if (command.status == "success") command.status = "timeout";
        break;
    }
  }
}

OperationOutcome CommandRunner::RunOperation(const Operation& op, const Action& action) const {
  OperationOutcome out;
  if (!launcher_.Has(op.module)) {
    out.error = "module '" + op.module + "' is not available";
    return out;
  }
  Operation plain = op;
  if (plain.is_compressed) {
    Status s = DecompressOperation(plain);
    if (!s.ok()) {
      out.error = "cannot decompress the parameters: " + s.message();
      return out;
    }
  }
  // Time limit: min(moduletimeout, expireafter - now), at least 1 s so that a
  // module always gets a chance to start.
  const Time now = Time::Now();
  const int64_t left_ms = (action.expire_after.seconds - now.seconds) * 1000 +
                          (action.expire_after.nanos - now.nanos) / 1'000'000;
  auto timeout =
      std::min(module_timeout_, std::chrono::milliseconds(std::max<int64_t>(left_ms, 1000)));
  return launcher_.Launch(plain.module, plain.parameters, timeout);
}

}  // namespace mig::agent
