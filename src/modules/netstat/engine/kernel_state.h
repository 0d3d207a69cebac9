// Reads the network state netstat searches, straight from the kernel:
// interfaces (getifaddrs), the ARP table (/proc/.../net/arp), the IPv6
// neighbour table (netlink RTM_GETNEIGH) and sockets (/proc/.../net/tcp,
// udp, tcp6, udp6). Linux only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "modules/netstat/ip_net.h"

namespace mig::modules::netstat {

struct Interface {
  std::string name;
  std::string mac;  // lower-case colon hex; empty when none or all zero
  std::vector<IpAddress> addresses;
};

Result<std::vector<Interface>> ReadInterfaces();

// Where one network namespace's state is read from.
struct NetSource {
  std::string ns;        // "default", or the ns/net link text "net:[4026531993]"
  std::string proc_net;  // "/proc/net" or "/proc/<pid>/net"
  int pid = 0;           // 0 for the current namespace
};

// One source ("default") or, with namespaces, one per distinct network
// namespace of the running processes, using the first readable pid.
std::vector<NetSource> ListSources(bool namespaces);

struct Neighbour {
  IpAddress ip;
  std::string ip_text;  // as the kernel wrote it
  std::string mac;
};

// IPv4 neighbours from <proc_net>/arp (every line, incomplete ones too).
Result<std::vector<Neighbour>> ReadArp(const NetSource& source);
// IPv6 neighbours with a link-layer address, over netlink in the source's
// namespace (entered from a helper thread when source.pid != 0).
Result<std::vector<Neighbour>> ReadNdp(const NetSource& source);

struct Socket {
  IpAddress local;
  IpAddress remote;
  uint16_t local_port = 0;
  uint16_t remote_port = 0;
  uint8_t state = 0;  // kernel TCP state number (0x0A is LISTEN, 0x07 CLOSE)
  bool udp = false;
};

// Parses the text of /proc/net/{tcp,udp,tcp6,udp6}; a malformed line fails
// the whole file.
Result<std::vector<Socket>> ParseSocketTable(const std::string& text, bool v6, bool udp);
// Reads and parses <proc_net>/<file> ("tcp", "udp6", ...).
Result<std::vector<Socket>> ReadSocketTable(const NetSource& source, const std::string& file);

// A listener: TCP in LISTEN state, or a UDP socket with no connected peer.
bool IsListening(const Socket& s);

}  // namespace mig::modules::netstat
