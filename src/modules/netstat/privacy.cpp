#include "modules/netstat/privacy.h"

namespace mig::modules::netstat {

void MaskResult(ModuleResult& result) {
  if (!result.elements.is_object()) return;
  auto it = result.elements.find("connectedip");
  if (it == result.elements.end() || !it->is_object()) return;
  for (auto& [value, list] : it->items()) {
    if (!list.is_array()) continue;
    for (auto& e : list)
      if (e.is_object()) e["remoteaddr"] = "masked";
  }
}

}  // namespace mig::modules::netstat
