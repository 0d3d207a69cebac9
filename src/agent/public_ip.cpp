#include "agent/public_ip.h"

#include <arpa/inet.h>
#include <openssl/ssl.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>

// One GET, with Boost.Beast as mig-api's server (header-only, so the static
// agent needs no other library). Every step is asynchronous on a private
// io_context so that the stream's deadline bounds it.
namespace mig::agent {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = net::ip::tcp;

constexpr size_t kMaxAnswer = 1024;  // an address, with room for white space

// Starts one asynchronous operation and runs the context until it is done;
// the stream's deadline makes it complete with beast::error::timeout.
template <typename Start>
beast::error_code Step(net::io_context& ioc, Start start) {
  beast::error_code out = net::error::operation_aborted;
  start([&out](beast::error_code ec, auto&&...) { out = ec; });
  ioc.restart();
  ioc.run();
  return out;
}

std::string Describe(const char* step, const beast::error_code& ec) {
  if (ec == beast::error::timeout) return std::string(step) + ": timed out";
  return std::string(step) + ": " + ec.message();
}

// Writes the request and reads the answer on an established stream.
template <typename Stream>
Result<std::string> Exchange(net::io_context& ioc, Stream& stream, const HttpUrl& u) {
  bhttp::request<bhttp::empty_body> req{bhttp::verb::get, u.target, 11};
  const bool v6 = u.host.find(':') != std::string::npos;
  const bool default_port = u.port == (u.tls ? "443" : "80");
  req.set(bhttp::field::host,
          (v6 ? "[" + u.host + "]" : u.host) + (default_port ? "" : ":" + u.port));
  req.set(bhttp::field::user_agent, "mig-agent " MIG_VERSION);
  req.set(bhttp::field::connection, "close");
  if (auto ec = Step(ioc, [&](auto h) { bhttp::async_write(stream, req, h); }))
    return Result<std::string>::Error(Describe("sending the request", ec));
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(kMaxAnswer);
  const auto too_long = [] {
    return Result<std::string>::Error("the answer is longer than an address");
  };
  // The head first: a declared length over the limit is refused before any
  // of the body is read (the parser's own body limit was seen not to apply
  // in one build, so the length is checked here too).
  if (auto ec = Step(ioc, [&](auto h) { bhttp::async_read_header(stream, buffer, parser, h); })) {
    if (ec == bhttp::error::body_limit) return too_long();
    return Result<std::string>::Error(Describe("reading the answer", ec));
  }
  if (parser.content_length() && *parser.content_length() > kMaxAnswer) return too_long();
  if (!parser.is_done()) {
    if (auto ec = Step(ioc, [&](auto h) { bhttp::async_read(stream, buffer, parser, h); })) {
      if (ec == bhttp::error::body_limit) return too_long();
      return Result<std::string>::Error(Describe("reading the answer", ec));
    }
  }
  const auto& res = parser.get();
  if (res.body().size() > kMaxAnswer) return too_long();
  if (res.result_int() != 200) {
    std::string body = res.body().substr(0, 200);
    return Result<std::string>::Error("HTTP " + std::to_string(res.result_int()) +
                                      (body.empty() ? "" : ": " + body));
  }
  return res.body();
}

// The answer as an address, or an error quoting it.
Result<std::string> AddressFrom(const std::string& body) {
  const size_t b = body.find_first_not_of(" \t\r\n");
  const size_t e = body.find_last_not_of(" \t\r\n");
  const std::string text = b == std::string::npos ? "" : body.substr(b, e - b + 1);
  unsigned char raw[sizeof(in6_addr)];
  char out[INET6_ADDRSTRLEN] = {};
  for (int family : {AF_INET, AF_INET6}) {
    if (inet_pton(family, text.c_str(), raw) == 1 &&
        inet_ntop(family, raw, out, sizeof out) != nullptr)
      return std::string(out);
  }
  std::string shown = text.substr(0, 64);
  for (char& c : shown)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) == 0x7f) c = '?';
  return Result<std::string>::Error("the answer is not an IP address: \"" + shown + "\"");
}

}  // namespace

Result<HttpUrl> ParseHttpUrl(const std::string& url) {
  HttpUrl u;
  std::string rest;
  if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else if (url.rfind("https://", 0) == 0) {
    u.tls = true;
    rest = url.substr(8);
  } else {
    return Result<HttpUrl>::Error("expected an http:// or https:// URL");
  }
  const size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  u.target = slash == std::string::npos ? "/" : rest.substr(slash);
  if (authority.find('@') != std::string::npos)
    return Result<HttpUrl>::Error("a URL with a user name is not supported");
  u.port = u.tls ? "443" : "80";
  if (!authority.empty() && authority.front() == '[') {  // [v6]:port
    const size_t close = authority.find(']');
    if (close == std::string::npos) return Result<HttpUrl>::Error("unterminated [address]");
    u.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return Result<HttpUrl>::Error("bad port");
      u.port = authority.substr(close + 2);
    }
  } else {
    const size_t colon = authority.rfind(':');
    u.host = authority.substr(0, colon);
    if (colon != std::string::npos) u.port = authority.substr(colon + 1);
  }
  if (u.host.empty()) return Result<HttpUrl>::Error("no host");
  if (u.port.empty() || u.port.find_first_not_of("0123456789") != std::string::npos)
    return Result<HttpUrl>::Error("bad port");
  return u;
}

std::string PublicIpUrl(const std::string& api) {
  std::string base = api;
  while (!base.empty() && base.back() == '/')
    base.pop_back();
  return base + "/ip";
}

Result<std::string> DiscoverPublicIp(const std::string& api, std::chrono::milliseconds timeout) {
  const std::string url = PublicIpUrl(api);
  auto fail = [&url](const std::string& why) {
    return Result<std::string>::Error("GET " + url + ": " + why);
  };
  auto u = ParseHttpUrl(url);
  if (!u) return fail(u.error() + " ([agent] api)");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  try {
    net::io_context ioc;
    tcp::resolver resolver(ioc);
    tcp::resolver::results_type endpoints;
    beast::error_code ec = net::error::operation_aborted;
    resolver.async_resolve(u->host, u->port,
                           [&](beast::error_code e, tcp::resolver::results_type r) {
                             ec = e;
                             endpoints = std::move(r);
                           });
    ioc.run();
    if (ec) return fail(Describe(("resolving " + u->host).c_str(), ec));
    if (std::chrono::steady_clock::now() >= deadline) return fail("resolving: timed out");

    std::optional<ssl::context> tls;
    std::optional<beast::tcp_stream> plain;
    std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
    beast::tcp_stream* tcp_layer = nullptr;
    if (u->tls) {
      tls.emplace(ssl::context::tls_client);
      tls->set_default_verify_paths();
      tls->set_verify_mode(ssl::verify_peer);
      secure.emplace(ioc, *tls);
      secure->set_verify_callback(ssl::host_name_verification(u->host));
      // SNI (SSL_set_tlsext_host_name is a macro with a C cast).
      SSL_ctrl(secure->native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
               const_cast<char*>(u->host.c_str()));
      tcp_layer = &beast::get_lowest_layer(*secure);
    } else {
      plain.emplace(ioc);
      tcp_layer = &*plain;
    }
    tcp_layer->expires_at(deadline);
    if (auto e = Step(ioc, [&](auto h) { tcp_layer->async_connect(endpoints, h); }))
      return fail(Describe("connecting", e));
    Result<std::string> body = Result<std::string>::Error("");
    if (secure) {
      if (auto e = Step(ioc, [&](auto h) { secure->async_handshake(ssl::stream_base::client, h); }))
        return fail(Describe("TLS handshake", e));
      body = Exchange(ioc, *secure, *u);
    } else {
      body = Exchange(ioc, *plain, *u);
    }
    beast::error_code ignored;
    tcp_layer->socket().shutdown(tcp::socket::shutdown_both, ignored);
    if (!body) return fail(body.error());
    auto address = AddressFrom(*body);
    if (!address) return fail(address.error());
    return address;
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}

}  // namespace mig::agent
