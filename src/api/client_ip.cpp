#include "api/client_ip.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <vector>

namespace mig::api {
namespace {

bool IsIpAddress(const std::string& s) {
  unsigned char buf[16];
  return inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

std::string Trim(std::string s) {
  auto space = [](unsigned char c) { return std::isspace(c) != 0; };
  s.erase(s.begin(), std::find_if_not(s.begin(), s.end(), space));
  s.erase(std::find_if_not(s.rbegin(), s.rend(), space).base(), s.end());
  return s;
}

}  // namespace

std::string ClientIp(const std::string& mode, const std::string& peer,
                     const std::string& forwarded_for) {
  std::string ip;
  if (mode == "peer") {
    ip = peer;
  } else {
    // The configuration checked N; anything else counts as 0 rather than throw.
    size_t n = 0;
    const size_t colon = mode.find(':');
    if (colon != std::string::npos)
      std::from_chars(mode.data() + colon + 1, mode.data() + mode.size(), n);
    if (forwarded_for.empty()) return "0.0.0.0";
    std::vector<std::string> list;
    size_t start = 0;
    for (;;) {
      const size_t comma = forwarded_for.find(',', start);
      list.push_back(Trim(forwarded_for.substr(start, comma - start)));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    ip = n < list.size() ? list[list.size() - 1 - n] : list.front();
  }
  return IsIpAddress(ip) ? ip : "0.0.0.0";
}

}  // namespace mig::api
