#include "core/json_fields.h"

#include <cmath>

namespace mig {
namespace {

bool EqualFoldAscii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

Status WrongType(const std::string& where, const char* expected, const Json& got) {
  return Status::Error(where + ": expected " + expected + ", got " + JsonTypeName(got));
}

// Integral value of a number, whatever nlohmann type holds it.
bool IntegralValue(const Json& v, double& out) {
  if (v.is_number_integer() || v.is_number_unsigned()) {
    out = v.get<double>();
    return true;
  }
  if (!v.is_number_float()) return false;
  out = v.get<double>();
  return std::isfinite(out) && std::trunc(out) == out;
}

}  // namespace

std::string JsonTypeName(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::string:
      return "string";
    case Json::value_t::array:
      return "array";
    case Json::value_t::object:
      return "object";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return "number";
    default:
      return "unknown";
  }
}

Status MissingField(const std::string& where) {
  return Status::Error(where + ": missing (this field is required)");
}

Status ReadString(const Json& v, const std::string& where, std::string& out) {
  if (!v.is_string()) return WrongType(where, "a string", v);
  out = v.get<std::string>();
  return Status::Ok();
}

Status ReadInt(const Json& v, const std::string& where, int64_t& out) {
  if (!v.is_number()) return WrongType(where, "an integer", v);
  if (v.is_number_integer() && !v.is_number_unsigned()) {
    out = v.get<int64_t>();
    return Status::Ok();
  }
  double d;
  if (!IntegralValue(v, d) || d >= 9223372036854775808.0 || d < -9223372036854775808.0) {
    return Status::Error(where + ": expected an integer, got " + GoJsonEncode(v));
  }
  out = static_cast<int64_t>(d);
  return Status::Ok();
}

Status ReadId(const Json& v, const std::string& where, int64_t& out) {
  if (!v.is_number()) return WrongType(where, "a numeric ID", v);
  double d;
  if (!IntegralValue(v, d) || d < 0 || d >= 9007199254740992.0) {
    return Status::Error(where + ": expected an ID (an integer from 0 to 2^53-1), got " +
                         GoJsonEncode(v));
  }
  out = static_cast<int64_t>(d);
  return Status::Ok();
}

FieldReader::FieldReader(const Json& object, std::string path)
    : object_(object), path_(std::move(path)) {}

Status FieldReader::CheckObject() const {
  if (!object_.is_object()) return WrongType(path_, "an object", object_);
  return Status::Ok();
}

bool FieldReader::Has(std::string_view key) {
  known_.emplace_back(key);
  if (object_.contains(key)) return true;
  for (const auto& [k, v] : object_.items()) {
    if (EqualFoldAscii(k, key)) return true;
  }
  return false;
}

const Json* FieldReader::Find(std::string_view key) {
  known_.emplace_back(key);
  const Json* found = nullptr;
  if (auto it = object_.find(key); it != object_.end()) {
    found = &*it;
  } else {
    for (const auto& [k, v] : object_.items()) {
      if (EqualFoldAscii(k, key)) {
        found = &v;
        break;
      }
    }
  }
  return found && !found->is_null() ? found : nullptr;
}

Status FieldReader::String(std::string_view key, std::string& out, bool required) {
  const Json* v = Find(key);
  if (!v) return required ? MissingField(PathOf(key)) : Status::Ok();
  return ReadString(*v, PathOf(key), out);
}

Status FieldReader::Bool(std::string_view key, bool& out) {
  const Json* v = Find(key);
  if (!v) return Status::Ok();
  if (!v->is_boolean()) return WrongType(PathOf(key), "a boolean", *v);
  out = v->get<bool>();
  return Status::Ok();
}

Status FieldReader::Double(std::string_view key, double& out) {
  const Json* v = Find(key);
  if (!v) return Status::Ok();
  if (!v->is_number()) return WrongType(PathOf(key), "a number", *v);
  out = v->get<double>();
  return Status::Ok();
}

Status FieldReader::Int(std::string_view key, int64_t& out, bool required) {
  const Json* v = Find(key);
  if (!v) return required ? MissingField(PathOf(key)) : Status::Ok();
  return ReadInt(*v, PathOf(key), out);
}

Status FieldReader::Id(std::string_view key, int64_t& out, bool required) {
  const Json* v = Find(key);
  if (!v) return required ? MissingField(PathOf(key)) : Status::Ok();
  return ReadId(*v, PathOf(key), out);
}

Status FieldReader::TimeField(std::string_view key, Time& out, bool required) {
  const Json* v = Find(key);
  if (!v) return required ? MissingField(PathOf(key)) : Status::Ok();
  if (!v->is_string()) return WrongType(PathOf(key), "an RFC 3339 time string", *v);
  auto t = ParseTime(v->get_ref<const std::string&>());
  if (!t) return t.status().Context(PathOf(key));
  out = *t;
  return Status::Ok();
}

Status FieldReader::StringList(std::string_view key, std::vector<std::string>& out) {
  const Json* v = Find(key);
  if (!v) return Status::Ok();
  if (!v->is_array()) return WrongType(PathOf(key), "an array of strings", *v);
  out.clear();
  for (size_t i = 0; i < v->size(); ++i) {
    std::string s;
    Status st = ReadString((*v)[i], PathOf(key) + "[" + std::to_string(i) + "]", s);
    if (!st) return st;
    out.push_back(std::move(s));
  }
  return Status::Ok();
}

void FieldReader::Any(std::string_view key, Json& out) {
  const Json* v = Find(key);
  out = v ? *v : Json();
}

Status FieldReader::RejectUnknown() const {
  for (const auto& [k, v] : object_.items()) {
    bool known = false;
    for (const auto& name : known_) {
      if (EqualFoldAscii(k, name)) known = true;
    }
    if (!known) {
      return Status::Error(PathOf(k) + ": unknown field (check its spelling; not a field of " +
                           path_ + ")");
    }
  }
  return Status::Ok();
}

std::string& ObjectWriter::Key(std::string_view key) {
  if (!first_) out_ += ',';
  first_ = false;
  AppendGoString(out_, key);
  out_ += ':';
  return out_;
}

void ObjectWriter::String(std::string_view key, std::string_view value) {
  AppendGoString(Key(key), value);
}

void ObjectWriter::StringOmitEmpty(std::string_view key, std::string_view value) {
  if (!value.empty()) String(key, value);
}

void ObjectWriter::Bool(std::string_view key, bool value) {
  Key(key) += value ? "true" : "false";
}

void ObjectWriter::Number(std::string_view key, double value) {
  Key(key) += FormatGoNumber(value);
}

void ObjectWriter::Int(std::string_view key, int64_t value) {
  Key(key) += std::to_string(value);
}

void ObjectWriter::TimeField(std::string_view key, const Time& value) {
  AppendGoString(Key(key), FormatTime(value));
}

void ObjectWriter::StringList(std::string_view key, const std::vector<std::string>& values) {
  std::string& out = Key(key);
  if (values.empty()) {
    out += "null";
    return;
  }
  out += '[';
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    AppendGoString(out, values[i]);
  }
  out += ']';
}

void ObjectWriter::Any(std::string_view key, const Json& value) {
  AppendGoJson(Key(key), value);
}

}  // namespace mig
