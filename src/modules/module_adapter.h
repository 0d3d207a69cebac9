// One adapter turns every module into a `Module` (docs/modules/README.md).
//
// A module describes itself with a Spec: a struct of static functions that
// never touch the endpoint (decode, validate, flags, to-JSON, usage, printer,
// failure shape, privacy mask, kind). What reads or changes the endpoint, its
// engine, is one more function kept apart so that `mig`, which only builds
// and prints parameters, does not link it: the engine installs itself with
// MIG_REGISTER_MODULE_ENGINE from the module's engine/ folder, which only
// mig-agent links.
//
// What a Spec provides (static members; a constexpr function pointer to an
// existing function is enough):
//   kName                       std::string_view, lower-case and unique
//   kKind                       ModuleKind
//   Params                      the decoded parameters
//   Decode(const Json&)         -> Result<Params>, Go encoding/json rules
//   Validate(const Params&)     -> Status, or Result<Checked> when validation
//                                  settles something the engine needs
//   ParseArgs(args, files)      -> Result<Params>, `mig NAME` flags (files:
//                                  where "file" flags read, modules/file_source.h)
//   Flags()                     -> std::vector<FlagInfo>, the flags ParseArgs
//                                  takes, from the same FlagSet registration
//   ToJson(const Params&)       -> OrderedJson, the parameters `mig` sends
//   Usage()                     -> std::string
//   Print(result, found_only)   -> std::vector<std::string>
//   Failure(message)            -> ModuleResult, the module's failure shape
//   Mask(ModuleResult&)         optional: the extraprivacymode hook
#pragma once

#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "modules/module.h"
#include "modules/registry.h"

namespace mig::modules {
namespace adapter_detail {

template <typename Spec>
using ValidateResult = decltype(Spec::Validate(std::declval<const typename Spec::Params&>()));

// What validation hands the engine: nothing for a Status, T for a Result<T>.
template <typename V>
struct CheckedOf {
  using type = void;
};
template <typename T>
struct CheckedOf<Result<T>> {
  using type = T;
};

template <typename Params, typename Checked>
struct EngineFunction {
  using type = ModuleResult (*)(const Params&, const Checked&);
};
template <typename Params>
struct EngineFunction<Params, void> {
  using type = ModuleResult (*)(const Params&);
};

inline const std::string& ErrorText(const Status& s) {
  return s.message();
}
template <typename T>
const std::string& ErrorText(const Result<T>& r) {
  return r.error();
}

}  // namespace adapter_detail

// The engine slot of Spec's module: empty in a program that does not link
// the module's engine (`mig`), filled at start-up in one that does.
template <typename Spec>
struct ModuleEngine {
  using Params = typename Spec::Params;
  using Checked = typename adapter_detail::CheckedOf<adapter_detail::ValidateResult<Spec>>::type;
  using Function = typename adapter_detail::EngineFunction<Params, Checked>::type;
  static inline Function function = nullptr;
};

// The failure shape of modules that have no other: success false, the
// message as the only error, elements and statistics null.
inline ModuleResult ErrorOnlyResult(const std::string& message) {
  ModuleResult r;
  r.errors.push_back(message);
  return r;
}

template <typename Spec>
bool InstallModuleEngine(typename ModuleEngine<Spec>::Function function) {
  ModuleEngine<Spec>::function = function;
  return true;
}

// Decodes and validates parameters, then hands them to engine: what Run does,
// with the engine given (tests pass one aimed at local fixtures).
template <typename Spec, typename Engine>
ModuleResult RunWithEngine(const Json& parameters, const Engine& engine) {
  auto params = Spec::Decode(parameters);
  if (!params) return Spec::Failure(params.error());
  auto checked = Spec::Validate(*params);
  if (!checked) return Spec::Failure(adapter_detail::ErrorText(checked));
  if constexpr (std::is_void_v<typename ModuleEngine<Spec>::Checked>) {
    return engine(*params);
  } else {
    return engine(*params, *checked);
  }
}

template <typename Spec>
class ModuleAdapter final : public Module {
 public:
  std::string_view Name() const override { return Spec::kName; }
  ModuleKind Kind() const override { return Spec::kKind; }

  ModuleResult Run(const Json& parameters) override {
    const auto engine = ModuleEngine<Spec>::function;
    if (!engine) {
      // Checked first: without its engine, nothing of the module may run.
      return Spec::Failure("the " + std::string(Spec::kName) +
                           " module cannot run in this program (its engine is not linked in; "
                           "mig-agent runs modules)");
    }
    return RunWithEngine<Spec>(parameters, engine);
  }

  std::vector<std::string> Print(const ModuleResult& result, bool found_only) const override {
    return Spec::Print(result, found_only);
  }

  using Module::ParametersFromArgs;
  Result<Json> ParametersFromArgs(const std::vector<std::string>& args,
                                  const FileSource& files) const override {
    auto params = Spec::ParseArgs(args, files);
    if (!params) return params.status();
    if (auto checked = Spec::Validate(*params); !checked)
      return Status::Error(adapter_detail::ErrorText(checked));
    return Json::parse(Spec::ToJson(*params).dump());
  }

  std::vector<FlagInfo> Flags() const override { return Spec::Flags(); }

  std::string Usage() const override { return Spec::Usage(); }

  void ApplyPrivacy(ModuleResult& result) const override {
    if constexpr (requires { Spec::Mask(result); }) Spec::Mask(result);
  }
};

}  // namespace mig::modules

#define MIG_MODULES_CONCAT_(a, b) a##b
#define MIG_MODULES_CONCAT(a, b) MIG_MODULES_CONCAT_(a, b)

// The module's one registration line, in its spec's .cpp (outside any
// namespace): MIG_REGISTER_MODULE_SPEC(::mig::modules::file::FileSpec);
#define MIG_REGISTER_MODULE_SPEC(Spec)                                                             \
  namespace {                                                                                      \
  [[maybe_unused]] const bool MIG_MODULES_CONCAT(registered_module_, __LINE__) =                   \
      ::mig::modules::RegisterModule(std::string(Spec::kName), [] {                                \
        return std::unique_ptr<::mig::modules::Module>(new ::mig::modules::ModuleAdapter<Spec>()); \
      });                                                                                          \
  }

// In the module's engine/ folder (outside any namespace):
// MIG_REGISTER_MODULE_ENGINE(::mig::modules::file::FileSpec, ::mig::modules::file::RunFileSearch);
#define MIG_REGISTER_MODULE_ENGINE(Spec, function)                           \
  namespace {                                                                \
  [[maybe_unused]] const bool MIG_MODULES_CONCAT(module_engine_, __LINE__) = \
      ::mig::modules::InstallModuleEngine<Spec>(function);                   \
  }
