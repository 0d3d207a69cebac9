#include "console/readers.h"

namespace mig::console {

Result<Json> FetchDocument(Session& s, const std::string& type, long long id) {
  auto items = s.api.Get(type, {{type + "id", std::to_string(id)}});
  if (!items) return items.status();
  for (const auto& item : *items) {
    const Json& v = item.Value(type);
    if (!v.is_null()) return v;
  }
  return Result<Json>::Error("the API returned no " + type + " " + std::to_string(id));
}

bool FetchOrPrintError(Session& s, const std::string& type, long long id, Json& doc) {
  auto fetched = FetchDocument(s, type, id);
  if (!fetched) {
    s.out << "error: " << fetched.error() << "\n";
    return false;
  }
  doc = std::move(*fetched);
  return true;
}

}  // namespace mig::console
