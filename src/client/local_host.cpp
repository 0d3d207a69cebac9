#include "client/local_host.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>

namespace mig::client {
namespace {

std::string PrettyName() {
  std::ifstream in("/etc/os-release");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("PRETTY_NAME=", 0) != 0) continue;
    std::string v = line.substr(12);
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'')) v = v.substr(1, v.size() - 2);
    return v;
  }
  return "";
}

int PrefixLength(const sockaddr* mask) {
  int bits = 0;
  const auto* bytes = mask->sa_family == AF_INET
                          ? reinterpret_cast<const unsigned char*>(
                                &reinterpret_cast<const sockaddr_in*>(mask)->sin_addr)
                          : reinterpret_cast<const unsigned char*>(
                                &reinterpret_cast<const sockaddr_in6*>(mask)->sin6_addr);
  const int n = mask->sa_family == AF_INET ? 4 : 16;
  for (int i = 0; i < n; ++i)
    bits += __builtin_popcount(bytes[i]);
  return bits;
}

std::vector<std::string> Addresses() {
  std::vector<std::string> out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return out;
  for (ifaddrs* i = list; i; i = i->ifa_next) {
    if (!i->ifa_addr || !i->ifa_netmask) continue;
    const int family = i->ifa_addr->sa_family;
    if (family != AF_INET && family != AF_INET6) continue;
    char text[INET6_ADDRSTRLEN] = {};
    const void* addr =
        family == AF_INET
            ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in*>(i->ifa_addr)->sin_addr)
            : static_cast<const void*>(
                  &reinterpret_cast<const sockaddr_in6*>(i->ifa_addr)->sin6_addr);
    if (!inet_ntop(family, addr, text, sizeof text)) continue;
    out.push_back(std::string(text) + "/" + std::to_string(PrefixLength(i->ifa_netmask)));
  }
  freeifaddrs(list);
  return out;
}

}  // namespace

Agent LocalAgent() {
  Agent a;
  char name[256] = {};
  gethostname(name, sizeof name - 1);
  a.name = name;
  a.version = MIG_VERSION;
  a.mode = "local";
  utsname u{};
  if (uname(&u) == 0) {
    std::string sys = u.sysname, machine = u.machine;
    for (auto& c : sys)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    a.environment.os = sys;
    a.environment.arch = machine == "x86_64" ? "amd64" : machine == "aarch64" ? "arm64" : machine;
  }
  a.environment.ident = PrettyName();
  a.environment.addresses = Addresses();
  return a;
}

}  // namespace mig::client
