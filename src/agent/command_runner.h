// What the agent does with one command (protocol.md 5.4): check the action
// (validity window, signatures, ACL per operation) and that it never ran
// here (action ledger), run every operation in its own child process, and
// assemble the answer. Never throws, never exits: every rejection becomes a
// failed command carrying the reason.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "agent/action_ledger.h"
#include "core/documents.h"
#include "core/status.h"

namespace mig::agent {

// Decides whether an action may run here: validity window, signatures
// against the agent's keyring, ACL weights per operation.
class ActionAuthorizer {
 public:
  virtual ~ActionAuthorizer() = default;
  virtual Status Authorize(const Action& action, const Time& now) const = 0;
};

// Outcome of one operation run in isolation.
struct OperationOutcome {
  enum class Kind { kOk, kFailed, kTimedOut } kind = Kind::kFailed;
  ModuleResult result;  // kOk: the module's result
  std::string error;    // kFailed: why (e.g. "runModule() -> exit status 2")
};

// Runs one module with decompressed parameters within a time limit.
class ModuleLauncher {
 public:
  virtual ~ModuleLauncher() = default;
  virtual bool Has(const std::string& module) const = 0;
  virtual OperationOutcome Launch(const std::string& module, const Json& parameters,
                                  std::chrono::milliseconds timeout) const = 0;
};

class CommandRunner {
 public:
  // With a ledger, an authorized action runs only if the ledger records it
  // as new (the daemon always has one); without, every command runs. With
  // extra_privacy_mode ([agent] extraprivacymode), every result a module
  // returns goes through that module's privacy hook (Module::ApplyPrivacy)
  // before it is put in the command.
  CommandRunner(const ActionAuthorizer& authorizer, const ModuleLauncher& launcher,
                std::chrono::milliseconds module_timeout, ActionLedger* ledger = nullptr,
                bool extra_privacy_mode = false)
      : authorizer_(authorizer),
        launcher_(launcher),
        module_timeout_(module_timeout),
        ledger_(ledger),
        extra_privacy_mode_(extra_privacy_mode) {}

  // Fills command.status and command.results (one per operation).
  void Run(Command& command) const;

  // Marks every operation failed with error (for commands that cannot run).
  static void Fail(Command& command, const std::string& error);

  // The command as the result message to publish (WriteCommand), at most
  // max_bytes long ([agent] maxresultsize; the scheduler drops larger ones):
  // results are replaced, largest first, by an error saying how large they
  // were, until it fits, and a success becomes failed. *replaced counts them.
  static std::string EncodeWithin(Command& command, size_t max_bytes, int* replaced = nullptr);

 private:
  OperationOutcome RunOperation(const Operation& op, const Action& action) const;

  const ActionAuthorizer& authorizer_;
  const ModuleLauncher& launcher_;
  std::chrono::milliseconds module_timeout_;
  ActionLedger* ledger_;
  bool extra_privacy_mode_;
};

}  // namespace mig::agent
