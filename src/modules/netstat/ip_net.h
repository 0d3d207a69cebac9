// IP addresses and networks as Go's net package sees them: IPv4 addresses
// are kept in their IPv4-mapped 16-byte form, so an IPv4 network also
// matches an IPv4-mapped peer of an IPv6 socket.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mig::modules::netstat {

struct IpAddress {
  std::array<uint8_t, 16> bytes{};
  bool IsV4() const;  // IPv4 or IPv4-mapped IPv6
  // Dotted quad for IPv4 (mapped ones too), RFC 5952 text for IPv6.
  std::string ToString() const;
  bool operator==(const IpAddress&) const = default;
};

struct IpNetwork {
  IpAddress base;
  int prefix = 0;  // in bits of the 16-byte form (an IPv4 /8 is 104)
  bool v4 = false;
  bool Contains(const IpAddress& ip) const;
};

IpAddress FromV4(uint8_t a, uint8_t b, uint8_t c, uint8_t d);

// A plain IPv4 or IPv6 address (no zone, no prefix), or nothing.
std::optional<IpAddress> ParseIp(std::string_view text);

// "a.b.c.d/n" or "v6/n", or nothing.
std::optional<IpNetwork> ParseCidr(std::string_view text);

// An address as a /32 or /128 network.
IpNetwork HostNetwork(const IpAddress& ip);

}  // namespace mig::modules::netstat
