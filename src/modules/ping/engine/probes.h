// One reachability probe each: ICMP echo, TCP connect, UDP datagram.
// A probe never throws; its outcome says how the target answered.
#pragma once

#include <string>

namespace mig::modules::ping {

enum class Outcome {
  kAnswered,  // echo reply, connection accepted, or a datagram back
  kRefused,   // TCP reset or ICMP port/host unreachable on a connected socket
  kTimeout,   // nothing within the timeout
  kError,     // anything else (see error)
};

struct ProbeResult {
  Outcome outcome = Outcome::kError;
  std::string error;
};

// ip is an IPv4 or IPv6 literal. seq tells the attempts' echo requests apart.
// allow_raw false skips the raw socket and uses an ICMP datagram socket.
ProbeResult IcmpProbe(const std::string& ip, int timeout_ms, int seq, bool allow_raw = true);
ProbeResult TcpProbe(const std::string& ip, int port, int timeout_ms);
ProbeResult UdpProbe(const std::string& ip, int port, int timeout_ms);

}  // namespace mig::modules::ping
