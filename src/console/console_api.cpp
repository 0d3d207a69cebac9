#include "console/console_api.h"

namespace mig::console {

const Json& ApiItem::Value(const std::string& name) const {
  static const Json kNull;
  for (const auto& [n, v] : data)
    if (n == name) return v;
  return kNull;
}

}  // namespace mig::console
