#include "modules/go_json.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace mig::modules::gojson {
namespace {

std::string JsonTypeName(const Json& v) {
  if (v.is_string()) return "string";
  if (v.is_boolean()) return "bool";
  if (v.is_number()) return "number";
  if (v.is_array()) return "array";
  if (v.is_object()) return "object";
  return "null";
}

bool EqualFold(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string Where(const std::string& where, std::string_view key) {
  return where + "." + std::string(key);
}

}  // namespace

const char* const kDecodePrefix = "ReadInputParameters() -> ";

Status TypeError(const Json& v, const std::string& field, const std::string& go_type) {
  return Status::Error(std::string(kDecodePrefix) + "json: cannot unmarshal " + JsonTypeName(v) +
                       " into Go struct field " + field + " of type " + go_type);
}

const Json* Field(const Json& object, std::string_view name) {
  if (!object.is_object()) return nullptr;
  if (auto it = object.find(std::string(name)); it != object.end()) return &*it;
  for (auto it = object.begin(); it != object.end(); ++it)
    if (EqualFold(it.key(), name)) return &*it;
  return nullptr;
}

Status RequireObject(const Json& v, const std::string& go_type) {
  if (v.is_null() || v.is_object()) return Status::Ok();
  return Status::Error(std::string(kDecodePrefix) + "json: cannot unmarshal " + JsonTypeName(v) +
                       " into Go value of type " + go_type);
}

Status ReadString(const Json& obj, std::string_view key, const std::string& where,
                  std::string* out) {
  const Json* v = Field(obj, key);
  if (!v || v->is_null()) return Status::Ok();
  if (!v->is_string()) return TypeError(*v, Where(where, key), "string");
  *out = v->get<std::string>();
  return Status::Ok();
}

Status ReadBool(const Json& obj, std::string_view key, const std::string& where, bool* out) {
  const Json* v = Field(obj, key);
  if (!v || v->is_null()) return Status::Ok();
  if (!v->is_boolean()) return TypeError(*v, Where(where, key), "bool");
  *out = v->get<bool>();
  return Status::Ok();
}

Status ReadNumber(const Json& obj, std::string_view key, const std::string& where, double* out) {
  const Json* v = Field(obj, key);
  if (!v || v->is_null()) return Status::Ok();
  if (!v->is_number()) return TypeError(*v, Where(where, key), "float64");
  *out = v->get<double>();
  return Status::Ok();
}

Status ReadStringList(const Json& obj, std::string_view key, const std::string& where,
                      std::vector<std::string>* out) {
  const Json* v = Field(obj, key);
  if (!v || v->is_null()) return Status::Ok();
  if (!v->is_array()) return TypeError(*v, Where(where, key), "[]string");
  for (const auto& e : *v) {
    if (e.is_null()) {
      out->emplace_back();
    } else if (e.is_string()) {
      out->push_back(e.get<std::string>());
    } else {
      return TypeError(e, Where(where, key), "string");
    }
  }
  return Status::Ok();
}

Status ReadOptionalStringList(const Json& obj, std::string_view key, const std::string& where,
                              std::optional<std::vector<std::string>>* out) {
  const Json* v = Field(obj, key);
  if (!v || v->is_null()) return Status::Ok();
  std::vector<std::string> list;
  if (Status st = ReadStringList(obj, key, where, &list); !st) return st;
  *out = std::move(list);
  return Status::Ok();
}

OrderedJson Number(double v) {
  if (std::isfinite(v) && std::floor(v) == v && std::fabs(v) < 9.0e15)
    return OrderedJson(static_cast<int64_t>(v));
  return OrderedJson(v);
}

}  // namespace mig::modules::gojson
