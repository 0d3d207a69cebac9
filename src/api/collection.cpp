#include "api/collection.h"

#include "core/gojson.h"

namespace mig::api {
namespace {

void AppendItem(std::string& out, const CjItem& item) {
  out += "{\"href\":";
  AppendGoString(out, item.href);
  if (!item.data.empty()) {
    out += ",\"data\":[";
    for (size_t i = 0; i < item.data.size(); ++i) {
      if (i) out += ',';
      out += "{\"name\":";
      AppendGoString(out, item.data[i].name);
      if (!item.data[i].raw_value.empty()) {
        out += ",\"value\":";
        out += item.data[i].raw_value;
      }
      out += '}';
    }
    out += ']';
  }
  if (!item.links.empty()) {
    out += ",\"links\":[";
    for (size_t i = 0; i < item.links.size(); ++i) {
      if (i) out += ',';
      out += "{\"rel\":";
      AppendGoString(out, item.links[i].rel);
      out += ",\"href\":";
      AppendGoString(out, item.links[i].href);
      out += '}';
    }
    out += ']';
  }
  out += '}';
}

}  // namespace

std::string Collection::Write() const {
  std::string out = "{\"collection\":{\"version\":\"1.0\",\"href\":";
  AppendGoString(out, href);
  if (!items.empty()) {
    out += ",\"items\":[";
    for (size_t i = 0; i < items.size(); ++i) {
      if (i) out += ',';
      AppendItem(out, items[i]);
    }
    out += ']';
  }
  out += ",\"template\":{},\"error\":{";
  if (!error_message.empty()) {
    out += "\"code\":";
    AppendGoString(out, error_code);
    out += ",\"message\":";
    AppendGoString(out, error_message);
  }
  out += "}}}";
  return out;
}

}  // namespace mig::api
