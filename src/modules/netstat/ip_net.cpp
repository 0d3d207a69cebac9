#include "modules/netstat/ip_net.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace mig::modules::netstat {
namespace {

constexpr std::array<uint8_t, 12> kMappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

}  // namespace

bool IpAddress::IsV4() const {
  return std::equal(kMappedPrefix.begin(), kMappedPrefix.end(), bytes.begin());
}

std::string IpAddress::ToString() const {
  char buf[INET6_ADDRSTRLEN] = {};
  if (IsV4()) {
    inet_ntop(AF_INET, bytes.data() + 12, buf, sizeof buf);
  } else {
    inet_ntop(AF_INET6, bytes.data(), buf, sizeof buf);
  }
  return buf;
}

bool IpNetwork::Contains(const IpAddress& ip) const {
  if (ip.IsV4() != v4) return false;
  int bits = prefix;
  for (size_t i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    const uint8_t mask = bits >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - bits));
    if ((ip.bytes[i] & mask) != (base.bytes[i] & mask)) return false;
  }
  return true;
}

IpAddress FromV4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  IpAddress ip;
  std::copy(kMappedPrefix.begin(), kMappedPrefix.end(), ip.bytes.begin());
  ip.bytes[12] = a;
  ip.bytes[13] = b;
  ip.bytes[14] = c;
  ip.bytes[15] = d;
  return ip;
}

std::optional<IpAddress> ParseIp(std::string_view text) {
  const std::string s(text);
  IpAddress ip;
  uint8_t v4[4];
  if (inet_pton(AF_INET, s.c_str(), v4) == 1) return FromV4(v4[0], v4[1], v4[2], v4[3]);
  if (inet_pton(AF_INET6, s.c_str(), ip.bytes.data()) == 1) return ip;
  return std::nullopt;
}

std::optional<IpNetwork> ParseCidr(std::string_view text) {
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto ip = ParseIp(text.substr(0, slash));
  if (!ip) return std::nullopt;
  const std::string_view bits_text = text.substr(slash + 1);
  int bits = -1;
  const auto [end, ec] =
      std::from_chars(bits_text.data(), bits_text.data() + bits_text.size(), bits);
  const bool v4 = text.substr(0, slash).find(':') == std::string_view::npos;
  const int max_bits = v4 ? 32 : 128;
  if (bits_text.empty() || ec != std::errc() || end != bits_text.data() + bits_text.size() ||
      bits < 0 || bits > max_bits || (bits_text.size() > 1 && bits_text[0] == '0'))
    return std::nullopt;
  IpNetwork net;
  net.base = *ip;
  net.v4 = v4;
  net.prefix = v4 ? bits + 96 : bits;
  return net;
}

IpNetwork HostNetwork(const IpAddress& ip) {
  return IpNetwork{ip, 128, ip.IsV4()};
}

}  // namespace mig::modules::netstat
