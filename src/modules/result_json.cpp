#include "modules/result_json.h"

namespace mig::modules {

OrderedJson ModuleResultToJson(const ModuleResult& result) {
  OrderedJson out = OrderedJson::object();
  out["foundanything"] = result.found_anything;
  out["success"] = result.success;
  out["elements"] = result.elements;
  out["statistics"] = result.statistics;
  out["errors"] = result.errors.empty() ? OrderedJson(nullptr) : OrderedJson(result.errors);
  return out;
}

std::string ModuleResultToString(const ModuleResult& result) {
  // Strings we build are valid UTF-8 already (paths go through JsonSafe);
  // replace anything else rather than throw.
  return ModuleResultToJson(result).dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

Result<ModuleResult> ModuleResultFromJson(std::string_view text) {
  OrderedJson doc = OrderedJson::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return Result<ModuleResult>::Error("module result is not a JSON object");
  ModuleResult r;
  if (auto it = doc.find("foundanything"); it != doc.end() && it->is_boolean())
    r.found_anything = it->get<bool>();
  if (auto it = doc.find("success"); it != doc.end() && it->is_boolean())
    r.success = it->get<bool>();
  if (auto it = doc.find("elements"); it != doc.end()) r.elements = *it;
  if (auto it = doc.find("statistics"); it != doc.end()) r.statistics = *it;
  if (auto it = doc.find("errors"); it != doc.end() && it->is_array()) {
    for (const auto& e : *it) {
      if (!e.is_string())
        return Result<ModuleResult>::Error("module result errors must be strings");
      r.errors.push_back(e.get<std::string>());
    }
  }
  return r;
}

std::string StringMember(const OrderedJson& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

bool BoolMember(const OrderedJson& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace mig::modules
