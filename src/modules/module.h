// The module interface (spec/modules/README.md). A module turns a parameters
// JSON document into one result; it runs inside `mig-agent -m NAME`, a child
// process of the agent, so a crash or a hang never takes the agent down.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/documents.h"
#include "core/status.h"
#include "modules/go_flags.h"

namespace mig::modules {

// What running a module does to the endpoint. Respond operations are gated
// harder by the agent than investigations (docs/acl.md).
enum class ModuleKind {
  kInvestigate,  // reads only
  kRespond,      // changes the endpoint
};

// "investigate" or "respond", as `mig help` and the docs write the kind.
inline std::string_view KindName(ModuleKind kind) {
  return kind == ModuleKind::kRespond ? "respond" : "investigate";
}

class Module {
 public:
  virtual ~Module() = default;

  // Lower-case, unique; the name actions use in operation.module.
  virtual std::string_view Name() const = 0;

  // investigate (the default) or respond.
  virtual ModuleKind Kind() const { return ModuleKind::kInvestigate; }

  // Validates the parameters, then runs. Bad parameters produce the module's
  // failure shape (success=false, errors explaining what to fix), never an
  // exception; nothing is read from the system before validation passed.
  virtual ModuleResult Run(const Json& parameters) = 0;

  // Human-readable lines for one result, as `mig` and `mig-agent -p` print
  // them. found_only drops lines that report nothing found.
  virtual std::vector<std::string> Print(const ModuleResult& result, bool found_only) const = 0;

  // Builds the parameters from `mig NAME [args]` command-line arguments;
  // "file" flags read through files (`mig`: the disk; mig-api: what the
  // client uploaded). Modules without a command line return an error.
  virtual Result<Json> ParametersFromArgs(const std::vector<std::string>& args,
                                          const FileSource& files) const = 0;
  // Same, for arguments that name no file (a file flag is an error).
  Result<Json> ParametersFromArgs(const std::vector<std::string>& args) const {
    return ParametersFromArgs(args, NoFiles());
  }

  // The flags ParametersFromArgs takes (name, type, help), in the order the
  // module registers them: the very registration its parser uses.
  virtual std::vector<FlagInfo> Flags() const = 0;

  // The --help text of `mig NAME`.
  virtual std::string Usage() const = 0;

  // The agent's extraprivacymode hook (spec/modules/README.md section 8):
  // masks what the module would otherwise reveal. Most modules have none.
  virtual void ApplyPrivacy(ModuleResult& /*result*/) const {}
};

}  // namespace mig::modules
