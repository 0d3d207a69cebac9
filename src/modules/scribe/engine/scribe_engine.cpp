#include "modules/scribe/engine/scribe_engine.h"

#include <chrono>

#include "modules/go_format.h"
#include "modules/module_adapter.h"
#include "modules/scribe/engine/system_packages.h"
#include "modules/scribe/engine/tests_run.h"
#include "modules/scribe/scribe_module.h"

namespace mig::modules::scribe {

ModuleResult EvaluateDocument(const Parameters& params, const PackageSourceFn& packages,
                              const PrepareLimits& limits) {
  const auto start = std::chrono::steady_clock::now();
  const auto objects = PrepareObjects(params.document, packages, limits);
  const auto tests = RunTests(params.document, objects);
  ModuleResult result;
  result.success = true;
  OrderedJson list = OrderedJson::array();
  for (const TestResult& t : tests) {
    if (params.onlytrue && !t.masterresult) continue;
    list.push_back(TestResultToJson(t));
    if (t.iserror)
      result.errors.push_back("Error: " + JsonSafe(t.error) + " in \"" + t.testid + "\"");
  }
  result.found_anything = !list.empty();
  result.elements = OrderedJson::object();
  result.elements["results"] = std::move(list);
  result.elements["humanoutput"] = params.humanoutput;
  result.elements["jsonoutput"] = params.jsonoutput;
  const auto elapsed = std::chrono::steady_clock::now() - start;
  result.statistics = OrderedJson{
      {"execruntime",
       FormatGoDuration(std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count())}};
  return result;
}

ModuleResult RunScribe(const Parameters& params) {
  return EvaluateDocument(params, SystemPackages);
}

}  // namespace mig::modules::scribe

MIG_REGISTER_MODULE_ENGINE(::mig::modules::scribe::ScribeSpec, ::mig::modules::scribe::RunScribe)
