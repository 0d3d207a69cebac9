#include "modules/file/result_shape.h"

namespace mig::modules::file {

OrderedJson Statistics(uint64_t files, uint64_t openfailed, uint64_t hits,
                       const std::string& exectime) {
  OrderedJson s = OrderedJson::object();
  s["filescount"] = files;
  s["openfailed"] = openfailed;
  s["totalhits"] = hits;
  s["exectime"] = exectime;
  return s;
}

ModuleResult FailureResult(const std::string& message) {
  ModuleResult r;
  r.elements = OrderedJson::object();
  r.statistics = Statistics(0, 0, 0, "");
  r.errors.push_back(message);
  return r;
}

void MaskResult(ModuleResult& result) {
  for (auto& e : result.errors)
    e = "masked";
  if (!result.elements.is_object()) return;
  for (auto& [label, list] : result.elements.items()) {
    if (!list.is_array()) continue;
    for (auto& entry : list) {
      auto it = entry.find("file");
      if (it != entry.end() && it->is_string() && !it->get<std::string>().empty()) *it = "masked";
    }
  }
}

}  // namespace mig::modules::file
