#include "modules/firewall/address.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstdio>

namespace mig::modules::firewall {
namespace {

constexpr size_t kMaxText = 64;  // longer than any address with its prefix

Result<int> ParseDecimal(std::string_view text, int min, int max, const char* what) {
  int v = -1;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || text.size() > 5 || ec != std::errc() || end != text.data() + text.size() ||
      (text.size() > 1 && text[0] == '0'))
    return Result<int>::Error(std::string(what) + " " + Quote(text) + " is not a decimal number");
  if (v < min || v > max)
    return Result<int>::Error(std::string(what) + " " + std::to_string(v) + " is out of range " +
                              std::to_string(min) + ".." + std::to_string(max));
  return v;
}

}  // namespace

std::string Quote(std::string_view text) {
  std::string out = "\"";
  for (size_t i = 0; i < text.size() && i < kMaxText; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (text.size() > kMaxText) out += "...";
  return out + "\"";
}

std::string Network::ToString() const {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(v4 ? AF_INET : AF_INET6, bytes.data(), buf, sizeof buf);
  std::string out = buf;
  if (prefix != MaxPrefix()) out += "/" + std::to_string(prefix);
  return out;
}

Result<Network> ParseNetwork(std::string_view text) {
  using R = Result<Network>;
  if (text.empty()) return R::Error("no address given (want ADDR or ADDR/LEN)");
  if (text.size() > kMaxText)
    return R::Error("address " + Quote(text) + " is too long to be an IP address or network");
  const size_t slash = text.find('/');
  const std::string addr(text.substr(0, slash));
  Network n;
  if (inet_pton(AF_INET, addr.c_str(), n.bytes.data()) == 1) {
    n.v4 = true;
  } else if (inet_pton(AF_INET6, addr.c_str(), n.bytes.data()) == 1) {
    n.v4 = false;
  } else {
    return R::Error("address " + Quote(text) +
                    " is not an IPv4 or IPv6 address (want ADDR or ADDR/LEN, e.g. 192.0.2.7, "
                    "198.51.100.0/24, 2001:db8::/32)");
  }
  n.prefix = n.MaxPrefix();
  if (slash != std::string_view::npos) {
    auto len = ParseDecimal(text.substr(slash + 1), 0, n.MaxPrefix(),
                            n.v4 ? "IPv4 prefix length" : "IPv6 prefix length");
    if (!len) return R::Error("address " + Quote(text) + ": " + len.error());
    n.prefix = *len;
  }
  // A network is its first address: "10.0.0.1/24" is a typo nft would
  // silently widen.
  for (int bit = n.prefix; bit < n.MaxPrefix(); ++bit) {
    if (n.bytes[bit / 8] & (0x80 >> (bit % 8))) {
      Network base = n;
      for (int b = n.prefix; b < n.MaxPrefix(); ++b)
        base.bytes[b / 8] &= static_cast<uint8_t>(~(0x80 >> (b % 8)));
      return R::Error("address " + Quote(text) + " has host bits set below its /" +
                      std::to_string(n.prefix) + " (did you mean " + base.ToString() + "?)");
    }
  }
  return n;
}

Result<int> ParsePort(std::string_view text) {
  return ParseDecimal(text, 1, 65535, "port");
}

std::string Endpoint::ToString() const {
  const std::string a = address.ToString();
  return (address.v4 ? a : "[" + a + "]") + ":" + std::to_string(port);
}

Result<Endpoint> ParseEndpoint(std::string_view text) {
  using R = Result<Endpoint>;
  const std::string want = " (want IPv4:PORT or [IPv6]:PORT)";
  if (text.size() > kMaxText) return R::Error("endpoint " + Quote(text) + " is too long" + want);
  std::string_view host, port;
  if (!text.empty() && text.front() == '[') {
    const size_t close = text.find("]:");
    if (close == std::string_view::npos)
      return R::Error("endpoint " + Quote(text) + " is not an endpoint" + want);
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const size_t colon = text.find(':');
    if (colon == std::string_view::npos || text.find(':', colon + 1) != std::string_view::npos)
      return R::Error("endpoint " + Quote(text) + " is not an endpoint" + want);
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (host.find('/') != std::string_view::npos)
    return R::Error("endpoint " + Quote(text) + " must name one address, not a network" + want);
  auto address = ParseNetwork(host);
  if (!address) return R::Error("endpoint " + Quote(text) + ": " + address.error());
  if (address->v4 != (text.front() != '['))
    return R::Error("endpoint " + Quote(text) + " is not an endpoint" + want);
  auto p = ParsePort(port);
  if (!p) return R::Error("endpoint " + Quote(text) + ": " + p.error());
  return Endpoint{*address, *p};
}

}  // namespace mig::modules::firewall
