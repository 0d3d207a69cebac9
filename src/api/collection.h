// The Collection+JSON envelope exactly as MIG writes it (api.md 1.1):
// version, href, items (omitted when empty), template {}, error {}.
// Values are raw JSON text produced by the document writers.
#pragma once

#include <string>
#include <vector>

namespace mig::api {

struct CjData {
  std::string name;
  std::string raw_value;  // JSON text; empty means no "value" key
};

struct CjLink {
  std::string rel, href;
};

struct CjItem {
  std::string href;
  std::vector<CjData> data;
  std::vector<CjLink> links;
};

struct Collection {
  std::string href;
  std::vector<CjItem> items;
  std::string error_code;  // set with error_message when the collection is an error
  std::string error_message;

  // Compact JSON in Go's key order.
  std::string Write() const;
};

}  // namespace mig::api
