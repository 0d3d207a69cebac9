#include "agent/environment.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <bit>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace mig::agent {
namespace {

std::string ReadText(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return "";
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

std::string FirstLine(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r'))
    line.pop_back();
  return line;
}

std::string Hostname() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  std::string host = buf;
  if (host.find('.') != std::string::npos) return host;
  // Like `hostname --fqdn`: the canonical name, if its first label matches.
  addrinfo hints{};
  hints.ai_flags = AI_CANONNAME;
  addrinfo* res = nullptr;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &res) == 0 && res != nullptr) {
    std::string canon = res->ai_canonname ? res->ai_canonname : "";
    freeaddrinfo(res);
    if (canon.rfind(host + ".", 0) == 0) return canon;
  }
  return host;
}

int PrefixLength(const sockaddr* mask) {
  if (mask == nullptr) return 0;
  int bits = 0;
  if (mask->sa_family == AF_INET) {
    bits = std::popcount(reinterpret_cast<const sockaddr_in*>(mask)->sin_addr.s_addr);
  } else if (mask->sa_family == AF_INET6) {
    for (unsigned char b : reinterpret_cast<const sockaddr_in6*>(mask)->sin6_addr.s6_addr) {
      bits += std::popcount(b);
    }
  }
  return bits;
}

}  // namespace

std::string InitSystemFromCmdline(const std::string& cmdline, const std::string& sbin_init_target) {
  if (cmdline.find("init [") != std::string::npos) return "sysvinit";
  if (cmdline.find("systemd") != std::string::npos) return "systemd";
  if (cmdline.find("init") != std::string::npos) {
    return sbin_init_target.find("systemd") != std::string::npos ? "systemd" : "upstart";
  }
  return "sysvinit";
}

std::string IdentFromOsRelease(const std::string& text) {
  std::string name, version, codename, pretty;
  std::istringstream in(text);
  std::string line;
  auto value = [](const std::string& l) {
    std::string v = l.substr(l.find('=') + 1);
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'')) v = v.substr(1, v.size() - 2);
    return v;
  };
  while (std::getline(in, line)) {
    if (line.rfind("NAME=", 0) == 0) name = value(line);
    if (line.rfind("VERSION_ID=", 0) == 0) version = value(line);
    if (line.rfind("VERSION_CODENAME=", 0) == 0) codename = value(line);
    if (line.rfind("PRETTY_NAME=", 0) == 0) pretty = value(line);
  }
  // Shaped like `lsb_release -irc -s`: "Debian 12 bookworm".
  std::string first = name.substr(0, name.find(' '));
  std::string ident = first;
  if (!version.empty()) ident += " " + version;
  if (!codename.empty()) ident += " " + codename;
  if (ident.empty()) ident = pretty;
  return ident;
}

std::string GoArch() {
  utsname u{};
  uname(&u);
  std::string m = u.machine;
  if (m == "x86_64") return "amd64";
  if (m == "aarch64") return "arm64";
  if (m == "i386" || m == "i686") return "386";
  if (m.rfind("arm", 0) == 0) return "arm";
  return m;
}

std::vector<std::string> InterfaceAddresses() {
  std::vector<std::string> out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return out;
  for (ifaddrs* a = list; a != nullptr; a = a->ifa_next) {
    if (a->ifa_addr == nullptr) continue;
    int family = a->ifa_addr->sa_family;
    if (family != AF_INET && family != AF_INET6) continue;
    char host[INET6_ADDRSTRLEN] = {};
    const void* addr =
        family == AF_INET
            ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in*>(a->ifa_addr)->sin_addr)
            : static_cast<const void*>(
                  &reinterpret_cast<const sockaddr_in6*>(a->ifa_addr)->sin6_addr);
    if (inet_ntop(family, addr, host, sizeof host) == nullptr) continue;
    std::string cidr = std::string(host) + "/" + std::to_string(PrefixLength(a->ifa_netmask));
    if (cidr == "127.0.0.1/8" || cidr == "::1/128") continue;
    out.push_back(cidr);
  }
  freeifaddrs(list);
  return out;
}

HostFacts DetectHost(const std::vector<std::string>& modules) {
  HostFacts facts;
  facts.hostname = Hostname();
  Environment& env = facts.environment;
  env.os = "linux";
  env.arch = GoArch();
  std::string cmdline = ReadText("/proc/1/cmdline");
  for (char& c : cmdline)
    if (c == '\0') c = ' ';
  std::error_code ec;
  std::string init_target = std::filesystem::canonical("/sbin/init", ec).string();
  env.init = InitSystemFromCmdline(cmdline, init_target);
  env.ident = IdentFromOsRelease(ReadText("/etc/os-release"));
  if (env.ident.empty()) {
    std::string issue = FirstLine(ReadText("/etc/issue"));
    env.ident = issue.size() > 3 ? issue : "unknown";
  }
  env.addresses = InterfaceAddresses();
  env.modules = modules;
  return facts;
}

bool HostChanged(const HostFacts& a, const HostFacts& b) {
  const Environment& x = a.environment;
  const Environment& y = b.environment;
  return a.hostname != b.hostname || x.os != y.os || x.ident != y.ident || x.init != y.init ||
         x.arch != y.arch || x.public_ip != y.public_ip || x.addresses != y.addresses ||
         x.aws.instance_id != y.aws.instance_id || x.aws.local_ipv4 != y.aws.local_ipv4 ||
         x.aws.ami_id != y.aws.ami_id || x.aws.instance_type != y.aws.instance_type;
}

HostEnvironment::Snapshot HostEnvironment::Current() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {facts_, refresh_time_};
}

bool HostEnvironment::Refresh() {
  HostFacts now = detect_(Current().facts);
  std::lock_guard<std::mutex> lock(mu_);
  if (!HostChanged(facts_, now)) return false;
  facts_ = std::move(now);
  refresh_time_ = Time::Now();
  return true;
}

}  // namespace mig::agent
