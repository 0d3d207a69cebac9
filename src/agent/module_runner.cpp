#include "agent/module_runner.h"

#include "modules/registry.h"
#include "modules/result_json.h"

namespace mig::agent {
namespace {

ModuleResult Failure(std::string message) {
  ModuleResult r;
  r.errors.push_back(std::move(message));
  return r;
}

}  // namespace

std::string ReadModuleMessage(std::istream& input) {
  std::string line;
  std::getline(input, line);
  return line;
}

ModuleResult RunModuleMessage(std::string_view module, std::string_view message,
                              bool* module_found) {
  auto instance = modules::CreateModule(module);
  if (module_found) *module_found = instance != nullptr;
  if (!instance) return Failure("module '" + std::string(module) + "' is not available");
  Json doc = Json::parse(message, nullptr, false);
  // A failing run reports through the module's own failure shape, so run the
  // module with parameters it will reject; but decoding errors are ours.
  auto fail = [&](const std::string& why) {
    ModuleResult r = instance->Run(Json("not-an-object"));
    r.errors.assign(1, why);
    return r;
  };
  if (doc.is_discarded()) {
    try {
      const Json reparsed = Json::parse(message);
      return fail("ReadInputParameters() -> unexpected input is not module parameters");
    } catch (const Json::parse_error& e) {
      return fail(std::string("ReadInputParameters() -> ReadInput() -> invalid JSON: ") + e.what());
    }
  }
  if (!doc.is_object() || !doc.contains("class") || doc["class"] != "parameters")
    return fail("ReadInputParameters() -> unexpected input is not module parameters");
  Json params = doc.contains("parameters") ? doc["parameters"] : Json(nullptr);
  return instance->Run(params);
}

std::string RenderModuleResult(std::string_view module, const ModuleResult& result,
                               bool print_lines) {
  if (!print_lines) return modules::ModuleResultToString(result);
  auto instance = modules::CreateModule(module);
  if (!instance) return "[error] no printer available for module '" + std::string(module) + "'\n";
  std::string out;
  for (const auto& line : instance->Print(result, false))
    out += line + "\n";
  return out;
}

}  // namespace mig::agent
