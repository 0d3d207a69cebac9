// The account module (docs/modules/account.md): a respond module that locks
// and unlocks a local user account (Linux). This is its spec for the shared
// adapter (modules/module_adapter.h); what reads and changes /etc, the
// user's keys files and processes is engine/account_engine.h.
#pragma once

#include "modules/account/params.h"
#include "modules/account/printer.h"
#include "modules/module.h"
#include "modules/module_adapter.h"

namespace mig::modules::account {

struct AccountSpec {
  static constexpr std::string_view kName = "account";
  static constexpr ModuleKind kKind = ModuleKind::kRespond;
  using Params = Parameters;
  static constexpr auto Decode = &DecodeParameters;
  static constexpr auto Validate = &ValidateParameters;
  static constexpr auto ParseArgs = &ParseAccountArgs;
  static constexpr auto Flags = &AccountFlags;
  static constexpr auto ToJson = &ParametersToJson;
  static constexpr auto Usage = &AccountUsage;
  static constexpr auto Print = &PrintResult;
  static constexpr auto Failure = &ErrorOnlyResult;
};

}  // namespace mig::modules::account
