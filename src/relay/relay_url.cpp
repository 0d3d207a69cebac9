#include "relay/relay_url.h"

#include <charconv>
#include <string>

namespace mig::relay {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> PercentDecode(std::string_view text, std::string_view what) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    int hi = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
    int lo = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      return Result<std::string>::Error(std::string(what) +
                                        " has a '%' not followed by two hex digits");
    }
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

Status ParsePort(std::string_view text, int& port) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    return Status::Error("port \"" + std::string(text) + "\" is not a number");
  }
  if (value < 1 || value > 65535) {
    return Status::Error("port " + std::string(text) + " is out of range 1..65535");
  }
  port = value;
  return Status::Ok();
}

// host, host:port, [v6], [v6]:port
Status ParseHostPort(std::string_view text, RelayUrl& out) {
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos) return Status::Error("IPv6 host misses its ']'");
    out.host = std::string(text.substr(1, close - 1));
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return Status::Error("unexpected text after ']'");
      port_text = rest.substr(1);
      if (Status s = ParsePort(port_text, out.port); !s) return s;
    }
  } else {
    size_t colon = text.rfind(':');
    if (colon != std::string_view::npos) {
      if (Status s = ParsePort(text.substr(colon + 1), out.port); !s) return s;
      text = text.substr(0, colon);
    }
    auto host = PercentDecode(text, "host");
    if (!host) return host.status();
    out.host = std::move(host).value();
  }
  if (out.host.empty()) return Status::Error("host is empty");
  return Status::Ok();
}

}  // namespace

std::string RelayUrl::Display() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  std::string v = vhost == "/" ? "%2f" : vhost;
  return std::string(tls ? "amqps" : "amqp") + "://" + h + ":" + std::to_string(port) + "/" + v;
}

Result<RelayUrl> ParseRelayUrl(std::string_view url) {
  auto fail = [&](const std::string& why) {
    // The credentials are secrets: errors show what follows them.
    std::string_view shown = url;
    if (size_t at = shown.rfind('@'); at != std::string_view::npos) shown.remove_prefix(at + 1);
    return Result<RelayUrl>::Error("relay url \"" +
                                   std::string(shown.size() < url.size() ? "...@" : "") +
                                   std::string(shown) + "\": " + why);
  };
  RelayUrl out;
  std::string_view rest;
  if (url.starts_with("amqp://")) {
    rest = url.substr(7);
  } else if (url.starts_with("amqps://")) {
    out.tls = true;
    out.port = 5671;
    rest = url.substr(8);
  } else {
    return fail("scheme must be amqp:// or amqps://");
  }
  if (rest.find('?') != std::string_view::npos || rest.find('#') != std::string_view::npos) {
    return fail("query parameters and fragments are not supported");
  }

  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  // The password may contain '@' only percent-encoded; the last '@' ends userinfo.
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    size_t colon = userinfo.find(':');
    auto user = PercentDecode(userinfo.substr(0, colon), "user");
    if (!user) return fail(user.error());
    out.user = std::move(user).value();
    if (out.user.empty()) return fail("user is empty");
    out.password.clear();
    if (colon != std::string_view::npos) {
      auto pass = PercentDecode(userinfo.substr(colon + 1), "password");
      if (!pass) return fail(pass.error());
      out.password = std::move(pass).value();
    }
  }
  if (Status s = ParseHostPort(authority, out); !s) return fail(s.message());

  if (slash != std::string_view::npos) {
    std::string_view path = rest.substr(slash + 1);
    if (path.find('/') != std::string_view::npos) {
      return fail("vhost has a '/'; write it as %2f (\"/%2f\" is the vhost \"/\")");
    }
    auto vhost = PercentDecode(path, "vhost");
    if (!vhost) return fail(vhost.error());
    if (vhost->empty()) return fail("vhost is empty; omit the '/' for the default vhost \"/\"");
    out.vhost = std::move(vhost).value();
  }
  return out;
}

}  // namespace mig::relay
