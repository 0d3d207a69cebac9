#include "modules/netstat/engine/kernel_state.h"

#include <dirent.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <thread>

#include "modules/go_format.h"

namespace mig::modules::netstat {
namespace {

std::string FormatMac(const unsigned char* addr, size_t len) {
  bool nonzero = false;
  for (size_t i = 0; i < len; ++i)
    nonzero = nonzero || addr[i] != 0;
  if (!nonzero) return "";
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < len; ++i) {
    if (i) out += ':';
    out += kHex[addr[i] >> 4];
    out += kHex[addr[i] & 0xf];
  }
  return out;
}

Result<std::string> ReadWhole(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Result<std::string>::Error("open " + path + ": " + ErrnoText(errno));
  std::string text;
  char buf[65536];
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int e = errno;
      close(fd);
      return Result<std::string>::Error("read " + path + ": " + ErrnoText(e));
    }
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return text;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Parses exactly `digits` hex digits at text[0..).
bool ParseHex(std::string_view text, size_t digits, uint32_t* out) {
  if (text.size() != digits) return false;
  uint32_t v = 0;
  for (char c : text) {
    const int d = HexDigit(c);
    if (d < 0) return false;
    v = (v << 4) | static_cast<uint32_t>(d);
  }
  *out = v;
  return true;
}

// "0100007F:0016" (v4) or 32 hex digits + ":PORT" (v6): each 32-bit word
// is printed from the host's little-endian view, so its bytes are reversed.
bool ParseEndpoint(std::string_view text, bool v6, IpAddress* ip, uint16_t* port) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) return false;
  const std::string_view hex = text.substr(0, colon);
  uint32_t p = 0;
  if (!ParseHex(text.substr(colon + 1), 4, &p)) return false;
  *port = static_cast<uint16_t>(p);
  const size_t words = v6 ? 4 : 1;
  if (hex.size() != words * 8) return false;
  uint8_t bytes[16];
  for (size_t w = 0; w < words; ++w) {
    uint32_t v = 0;
    if (!ParseHex(hex.substr(w * 8, 8), 8, &v)) return false;
    for (size_t b = 0; b < 4; ++b)
      bytes[w * 4 + b] = static_cast<uint8_t>(v >> (8 * b));
  }
  if (v6) {
    std::memcpy(ip->bytes.data(), bytes, 16);
  } else {
    *ip = FromV4(bytes[0], bytes[1], bytes[2], bytes[3]);
  }
  return true;
}

// Splits on spaces and tabs, up to max fields.
size_t SplitFields(std::string_view line, std::string_view* fields, size_t max) {
  size_t n = 0, i = 0;
  while (n < max) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
      ++i;
    if (i >= line.size()) break;
    const size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t')
      ++i;
    fields[n++] = line.substr(start, i - start);
  }
  return n;
}

// Dumps the IPv6 neighbour table of the calling thread's namespace.
Result<std::vector<Neighbour>> DumpNdp() {
  using R = Result<std::vector<Neighbour>>;
  const int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0) return R::Error("netlink socket: " + ErrnoText(errno));
  struct {
    nlmsghdr nh;
    ndmsg nd;
  } req{};
  req.nh.nlmsg_len = sizeof req;
  req.nh.nlmsg_type = RTM_GETNEIGH;
  req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  req.nh.nlmsg_seq = 1;
  req.nd.ndm_family = AF_INET6;
  if (send(fd, &req, sizeof req, 0) < 0) {
    const int e = errno;
    close(fd);
    return R::Error("netlink send: " + ErrnoText(e));
  }
  std::vector<Neighbour> out;
  std::vector<char> buf(65536);
  for (;;) {
    const ssize_t n = recv(fd, buf.data(), buf.size(), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int e = errno;
      close(fd);
      return R::Error("netlink recv: " + ErrnoText(e));
    }
    // Walks the messages by hand: the NLMSG_* macros use C casts.
    size_t offset = 0;
    const size_t total = static_cast<size_t>(n);
    while (offset + sizeof(nlmsghdr) <= total) {
      auto* nh = reinterpret_cast<nlmsghdr*>(buf.data() + offset);
      if (nh->nlmsg_len < sizeof(nlmsghdr) || offset + nh->nlmsg_len > total) break;
      offset += NLMSG_ALIGN(nh->nlmsg_len);
      if (nh->nlmsg_type == NLMSG_DONE) {
        close(fd);
        return out;
      }
      if (nh->nlmsg_type == NLMSG_ERROR) {
        close(fd);
        return R::Error("netlink neighbour dump failed");
      }
      if (nh->nlmsg_type != RTM_NEWNEIGH) continue;
      const char* body = reinterpret_cast<const char*>(nh) + NLMSG_ALIGN(sizeof(nlmsghdr));
      const size_t body_len = nh->nlmsg_len - NLMSG_ALIGN(sizeof(nlmsghdr));
      if (body_len < sizeof(ndmsg)) continue;
      Neighbour nb;
      bool has_dst = false;
      size_t at = NLMSG_ALIGN(sizeof(ndmsg));
      while (at + sizeof(rtattr) <= body_len) {
        const auto* rta = reinterpret_cast<const rtattr*>(body + at);
        if (rta->rta_len < sizeof(rtattr) || at + rta->rta_len > body_len) break;
        at += RTA_ALIGN(rta->rta_len);
        const auto* data = reinterpret_cast<const unsigned char*>(rta) + RTA_ALIGN(sizeof(rtattr));
        const size_t dlen = rta->rta_len - RTA_ALIGN(sizeof(rtattr));
        if (rta->rta_type == NDA_DST && dlen == 16) {
          std::memcpy(nb.ip.bytes.data(), data, 16);
          has_dst = true;
        } else if (rta->rta_type == NDA_LLADDR) {
          nb.mac = FormatMac(data, dlen);
        }
      }
      if (!has_dst || nb.mac.empty()) continue;
      nb.ip_text = nb.ip.ToString();
      out.push_back(std::move(nb));
    }
  }
}

}  // namespace

Result<std::vector<Interface>> ReadInterfaces() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0)
    return Result<std::vector<Interface>>::Error("getifaddrs: " + ErrnoText(errno));
  std::vector<Interface> out;
  auto find = [&out](const char* name) -> Interface& {
    for (auto& i : out)
      if (i.name == name) return i;
    out.push_back(Interface{name, "", {}});
    return out.back();
  };
  for (ifaddrs* a = list; a; a = a->ifa_next) {
    Interface& itf = find(a->ifa_name);
    if (!a->ifa_addr) continue;
    if (a->ifa_addr->sa_family == AF_PACKET) {
      const auto* ll = reinterpret_cast<const sockaddr_ll*>(a->ifa_addr);
      itf.mac = FormatMac(ll->sll_addr, ll->sll_halen);
    } else if (a->ifa_addr->sa_family == AF_INET) {
      const auto* in = reinterpret_cast<const sockaddr_in*>(a->ifa_addr);
      const auto* b = reinterpret_cast<const uint8_t*>(&in->sin_addr);
      itf.addresses.push_back(FromV4(b[0], b[1], b[2], b[3]));
    } else if (a->ifa_addr->sa_family == AF_INET6) {
      const auto* in6 = reinterpret_cast<const sockaddr_in6*>(a->ifa_addr);
      IpAddress ip;
      std::memcpy(ip.bytes.data(), &in6->sin6_addr, 16);
      itf.addresses.push_back(ip);
    }
  }
  freeifaddrs(list);
  return out;
}

std::vector<NetSource> ListSources(bool namespaces) {
  if (!namespaces) return {NetSource{"default", "/proc/net", 0}};
  std::map<std::string, NetSource> by_ns;
  DIR* dir = opendir("/proc");
  if (!dir) return {NetSource{"default", "/proc/net", 0}};
  while (dirent* e = readdir(dir)) {
    const std::string name = e->d_name;
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    char link[128];
    const ssize_t n = readlink(("/proc/" + name + "/ns/net").c_str(), link, sizeof link - 1);
    if (n <= 0) continue;  // vanished, or no access
    const std::string ns(link, static_cast<size_t>(n));
    if (by_ns.count(ns)) continue;
    const std::string proc_net = "/proc/" + name + "/net";
    if (access((proc_net + "/tcp").c_str(), R_OK) != 0) continue;
    by_ns[ns] = NetSource{ns, proc_net, std::stoi(name)};
  }
  closedir(dir);
  std::vector<NetSource> out;
  for (auto& [ns, src] : by_ns)
    out.push_back(src);
  return out;
}

Result<std::vector<Neighbour>> ReadArp(const NetSource& source) {
  auto text = ReadWhole(source.proc_net + "/arp");
  if (!text) return text.status();
  std::vector<Neighbour> out;
  std::string_view rest = *text;
  bool header = true;
  while (!rest.empty()) {
    const size_t nl = rest.find('\n');
    const std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (header) {
      header = false;
      continue;
    }
    std::string_view f[6];
    if (SplitFields(line, f, 6) < 4) continue;
    Neighbour nb;
    nb.ip_text = std::string(f[0]);
    if (auto ip = ParseIp(f[0])) nb.ip = *ip;
    nb.mac = std::string(f[3]);
    out.push_back(std::move(nb));
  }
  return out;
}

Result<std::vector<Neighbour>> ReadNdp(const NetSource& source) {
  if (source.pid == 0) return DumpNdp();
  Result<std::vector<Neighbour>> result = Result<std::vector<Neighbour>>::Error("not run");
  const std::string ns_path = "/proc/" + std::to_string(source.pid) + "/ns/net";
  // setns changes only the calling thread's network namespace.
  std::thread worker([&] {
    const int fd = open(ns_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      result = Result<std::vector<Neighbour>>::Error("open " + ns_path + ": " + ErrnoText(errno));
      return;
    }
    if (setns(fd, CLONE_NEWNET) != 0) {
      result = Result<std::vector<Neighbour>>::Error("setns " + ns_path + ": " + ErrnoText(errno));
      close(fd);
      return;
    }
    close(fd);
    result = DumpNdp();
  });
  worker.join();
  return result;
}

Result<std::vector<Socket>> ParseSocketTable(const std::string& text, bool v6, bool udp) {
  std::vector<Socket> out;
  std::string_view rest = text;
  bool header = true;
  while (!rest.empty()) {
    const size_t nl = rest.find('\n');
    const std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (header) {
      header = false;
      continue;
    }
    std::string_view f[4];
    const size_t n = SplitFields(line, f, 4);
    if (n == 0) continue;
    Socket s;
    s.udp = udp;
    uint32_t state = 0;
    if (n < 4 || !ParseEndpoint(f[1], v6, &s.local, &s.local_port) ||
        !ParseEndpoint(f[2], v6, &s.remote, &s.remote_port) || !ParseHex(f[3], 2, &state))
      return Result<std::vector<Socket>>::Error("/proc doesn't respect the expected format");
    s.state = static_cast<uint8_t>(state);
    out.push_back(s);
  }
  return out;
}

Result<std::vector<Socket>> ReadSocketTable(const NetSource& source, const std::string& file) {
  auto text = ReadWhole(source.proc_net + "/" + file);
  if (!text) return text.status();
  const bool v6 = file.back() == '6';
  return ParseSocketTable(*text, v6, file.rfind("udp", 0) == 0);
}

bool IsListening(const Socket& s) {
  if (!s.udp) return s.state == 0x0A;
  static const IpAddress kV4Any = FromV4(0, 0, 0, 0);
  return s.remote_port == 0 && (s.remote == IpAddress{} || s.remote == kV4Any);
}

}  // namespace mig::modules::netstat
