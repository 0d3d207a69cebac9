// Addresses, networks and endpoints the firewall module puts in nft
// commands. Nothing an investigator wrote reaches nft as text: it is parsed
// into bytes here and written back by ToString, so a value can only ever be
// an address (no nft syntax can ride along).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace mig::modules::firewall {

struct Network {
  bool v4 = true;
  std::array<uint8_t, 16> bytes{};  // IPv4 in the first 4 bytes
  int prefix = 32;                  // 0..32 for IPv4, 0..128 for IPv6

  int MaxPrefix() const { return v4 ? 32 : 128; }
  // "10.0.0.0/24", "2001:db8::/32"; a single host without its /32 or /128
  // (as nft lists it).
  std::string ToString() const;
  bool operator==(const Network&) const = default;
};

// "ADDR" or "ADDR/LEN". Refuses host bits set below the prefix
// ("10.0.0.1/24": did you mean 10.0.0.0/24?), zones, leading zeros in the
// length and anything else; errors quote the input escaped.
Result<Network> ParseNetwork(std::string_view text);

// A TCP endpoint the isolation keeps reachable: "10.0.0.1:5671",
// "[2001:db8::1]:443".
struct Endpoint {
  Network address;  // a single host
  int port = 0;     // 1..65535
  std::string ToString() const;
  bool operator==(const Endpoint&) const = default;
};

Result<Endpoint> ParseEndpoint(std::string_view text);

// An integer port 1..65535 from its decimal text.
Result<int> ParsePort(std::string_view text);

// text made safe to quote in an error message: at most 64 characters,
// controls and non-ASCII bytes as \xNN.
std::string Quote(std::string_view text);

}  // namespace mig::modules::firewall
