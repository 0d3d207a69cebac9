#include "modules/scribe/printer.h"

namespace mig::modules::scribe {
namespace {

const char* TrueFalse(bool b) {
  return b ? "true" : "false";
}

std::string Human(const TestResult& r) {
  std::string s = r.name.empty() ? "result for \"" + r.testid + "\""
                                 : "result for \"" + r.name + "\" (" + r.testid + ")";
  if (!r.description.empty()) s += "\n\tdescription: " + r.description;
  s += "\n\tmaster result: ";
  s += TrueFalse(r.masterresult);
  if (!r.masterresult && r.hastrueresults) s += ", has true results, failure caused by dependency";
  for (const auto& t : r.tags)
    s += "\n\ttag: " + t.key + ": " + t.value;
  if (r.iserror) s += "\n\t[error] error: " + r.error;
  if (r.results)
    for (const auto& sub : *r.results)
      s +=
          std::string("\n\t[") + TrueFalse(sub.result) + "] identifier: \"" + sub.identifier + "\"";
  return s;
}

std::vector<std::string> SingleLines(const TestResult& r) {
  const std::string name = r.name.empty() ? r.testid : r.name;
  const std::string master = r.iserror ? "error" : TrueFalse(r.masterresult);
  std::vector<std::string> lines;
  lines.push_back("master [" + master + "] name:\"" + name + "\" id:\"" + r.testid +
                  "\" hastrue:" + TrueFalse(r.hastrueresults) + " error:\"" + r.error + "\"");
  if (r.results)
    for (const auto& sub : *r.results)
      lines.push_back(std::string("sub [") + TrueFalse(sub.result) + "] name:\"" + name +
                      "\" id:\"" + r.testid + "\" identifier:\"" + sub.identifier + "\"");
  return lines;
}

bool Flag(const OrderedJson& elements, const char* key) {
  auto it = elements.find(key);
  return it != elements.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace

std::vector<std::string> PrintTestResult(const TestResult& result, bool human, bool json) {
  if (human) return {Human(result)};
  if (json) return {TestResultToJson(result).dump()};
  return SingleLines(result);
}

std::vector<std::string> PrintResult(const ModuleResult& result, bool found_only) {
  std::vector<std::string> lines;
  if (result.elements.is_object()) {
    const bool human = Flag(result.elements, "humanoutput");
    const bool json = Flag(result.elements, "jsonoutput");
    auto it = result.elements.find("results");
    if (it != result.elements.end() && it->is_array())
      for (const auto& r : *it)
        for (auto& line : PrintTestResult(TestResultFromJson(r), human, json))
          lines.push_back(std::move(line));
  }
  if (!found_only) {
    for (const auto& e : result.errors)
      lines.push_back(e);
    if (result.statistics.is_object()) {
      auto rt = result.statistics.find("execruntime");
      if (rt != result.statistics.end() && rt->is_string())
        lines.push_back("Statistics: runtime " + rt->get<std::string>());
    }
  }
  return lines;
}

void MaskResult(ModuleResult& result) {
  if (!result.elements.is_object()) return;
  auto it = result.elements.find("results");
  if (it == result.elements.end() || !it->is_array()) return;
  for (auto& r : *it) {
    if (!r.is_object()) continue;
    auto subs = r.find("results");
    if (subs == r.end() || !subs->is_array()) continue;
    for (auto& s : *subs)
      if (s.is_object() && s.contains("identifier")) s["identifier"] = "masked";
  }
}

}  // namespace mig::modules::scribe
