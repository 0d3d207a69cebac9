// Reading fields of agent-written JSON without trusting its shape: a field
// of the wrong type reads as absent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/documents.h"

namespace mig::output {

std::string TextField(const OrderedJson& object, const char* key);
std::optional<int64_t> IntegerField(const OrderedJson& object, const char* key);
bool BoolField(const OrderedJson& object, const char* key);
// The IP literal (IPv4 or IPv6) in text, or "" when it is not one; a CIDR
// suffix ("10.0.0.5/24", as heartbeats list addresses) is dropped.
std::string IpLiteral(const std::string& text);

}  // namespace mig::output
