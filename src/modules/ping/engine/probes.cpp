#include "modules/ping/engine/probes.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <vector>

#include "modules/go_format.h"

namespace mig::modules::ping {
namespace {

const char kPayload[] = "Ping!Ping!Ping!";

struct Address {
  sockaddr_storage storage{};
  socklen_t len = 0;
  int family = AF_UNSPEC;
  const sockaddr* sa() const { return reinterpret_cast<const sockaddr*>(&storage); }
};

bool MakeAddress(const std::string& ip, int port, Address* out) {
  auto* in4 = reinterpret_cast<sockaddr_in*>(&out->storage);
  auto* in6 = reinterpret_cast<sockaddr_in6*>(&out->storage);
  if (inet_pton(AF_INET, ip.c_str(), &in4->sin_addr) == 1) {
    in4->sin_family = AF_INET;
    in4->sin_port = htons(static_cast<uint16_t>(port));
    out->len = sizeof(sockaddr_in);
    out->family = AF_INET;
    return true;
  }
  out->storage = {};
  if (inet_pton(AF_INET6, ip.c_str(), &in6->sin6_addr) == 1) {
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(static_cast<uint16_t>(port));
    out->len = sizeof(sockaddr_in6);
    out->family = AF_INET6;
    return true;
  }
  return false;
}

// Closes the descriptor on every path.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

ProbeResult Error(const std::string& what, int err) {
  return {Outcome::kError, what + ": " + ErrnoText(err)};
}

ProbeResult FromErrno(const std::string& what, int err) {
  if (err == ECONNREFUSED) return {Outcome::kRefused, ""};
  return Error(what, err);
}

using Clock = std::chrono::steady_clock;

int RemainingMs(Clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

// Waits for events on fd until the deadline: 1 ready, 0 timeout, -1 error.
int WaitFor(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    pollfd p{fd, events, 0};
    const int n = poll(&p, 1, RemainingMs(deadline));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    return n > 0 ? 1 : 0;
  }
}

uint16_t Checksum(const unsigned char* data, size_t len) {
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < len; i += 2)
    sum += static_cast<uint32_t>(data[i] << 8 | data[i + 1]);
  if (len % 2) sum += static_cast<uint32_t>(data[len - 1] << 8);
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum);
}

}  // namespace

ProbeResult IcmpProbe(const std::string& ip, int timeout_ms, int seq, bool allow_raw) {
  Address addr;
  if (!MakeAddress(ip, 0, &addr)) return {Outcome::kError, "invalid address " + ip};
  const bool v6 = addr.family == AF_INET6;
  const int proto = v6 ? static_cast<int>(IPPROTO_ICMPV6) : static_cast<int>(IPPROTO_ICMP);
  bool raw = allow_raw;
  int fd = raw ? socket(addr.family, SOCK_RAW | SOCK_CLOEXEC, proto) : -1;
  if (fd < 0) {
    raw = false;
    fd = socket(addr.family, SOCK_DGRAM | SOCK_CLOEXEC, proto);
  }
  if (fd < 0)
    return Error(
        "icmp needs root or CAP_NET_RAW, or net.ipv4.ping_group_range covering the agent's group",
        errno);
  Fd guard(fd);
  const uint16_t id = static_cast<uint16_t>(getpid() & 0xffff);
  std::vector<unsigned char> pkt(8 + sizeof kPayload - 1);
  pkt[0] = v6 ? 128 : 8;
  pkt[4] = static_cast<unsigned char>(id >> 8);
  pkt[5] = static_cast<unsigned char>(id & 0xff);
  pkt[6] = static_cast<unsigned char>((seq >> 8) & 0xff);
  pkt[7] = static_cast<unsigned char>(seq & 0xff);
  std::memcpy(pkt.data() + 8, kPayload, sizeof kPayload - 1);
  if (!v6) {  // the kernel fills in the ICMPv6 checksum, not the ICMPv4 one on raw sockets
    const uint16_t sum = Checksum(pkt.data(), pkt.size());
    pkt[2] = static_cast<unsigned char>(sum >> 8);
    pkt[3] = static_cast<unsigned char>(sum & 0xff);
  }
  if (sendto(fd, pkt.data(), pkt.size(), 0, addr.sa(), addr.len) < 0)
    return Error("icmp send to " + ip, errno);
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  const unsigned char reply_type = v6 ? 129 : 0;
  unsigned char buf[2048];
  for (;;) {
    const int ready = WaitFor(fd, POLLIN, deadline);
    if (ready < 0) return Error("icmp poll", errno);
    if (ready == 0) return {Outcome::kTimeout, ""};
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return FromErrno("icmp receive", errno);
    }
    size_t off = 0;
    if (raw && !v6)
      off = static_cast<size_t>(buf[0] & 0x0f) * 4;  // raw IPv4 includes the IP header
    if (static_cast<size_t>(n) < off + 8) continue;
    const unsigned char* icmp = buf + off;
    const uint16_t got_seq = static_cast<uint16_t>(icmp[6] << 8 | icmp[7]);
    const uint16_t got_id = static_cast<uint16_t>(icmp[4] << 8 | icmp[5]);
    // Raw sockets see every ICMP packet (our own request too on loopback);
    // datagram sockets get only replies to this socket, with a kernel id.
    if (icmp[0] != reply_type || got_seq != static_cast<uint16_t>(seq)) continue;
    if (raw && got_id != id) continue;
    return {Outcome::kAnswered, ""};
  }
}

ProbeResult TcpProbe(const std::string& ip, int port, int timeout_ms) {
  Address addr;
  if (!MakeAddress(ip, port, &addr)) return {Outcome::kError, "invalid address " + ip};
  Fd fd(socket(addr.family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) return Error("tcp socket", errno);
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  if (connect(fd.get(), addr.sa(), addr.len) == 0) return {Outcome::kAnswered, ""};
  if (errno != EINPROGRESS) return FromErrno("dial tcp " + ip + ": connect", errno);
  const int ready = WaitFor(fd.get(), POLLOUT, deadline);
  if (ready < 0) return Error("tcp poll", errno);
  if (ready == 0) return {Outcome::kTimeout, ""};
  int err = 0;
  socklen_t len = sizeof err;
  if (getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &len) != 0)
    return Error("getsockopt", errno);
  if (err == 0) return {Outcome::kAnswered, ""};
  return FromErrno("dial tcp " + ip + ": connect", err);
}

ProbeResult UdpProbe(const std::string& ip, int port, int timeout_ms) {
  Address addr;
  if (!MakeAddress(ip, port, &addr)) return {Outcome::kError, "invalid address " + ip};
  Fd fd(socket(addr.family, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) return Error("udp socket", errno);
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  if (connect(fd.get(), addr.sa(), addr.len) != 0)
    return FromErrno("dial udp " + ip + ": connect", errno);
  if (send(fd.get(), kPayload, sizeof kPayload - 1, 0) < 0) return FromErrno("udp send", errno);
  char buf[1500];
  for (;;) {
    const int ready = WaitFor(fd.get(), POLLIN, deadline);
    if (ready < 0) return Error("udp poll", errno);
    if (ready == 0) return {Outcome::kTimeout, ""};
    if (recv(fd.get(), buf, sizeof buf, 0) >= 0) return {Outcome::kAnswered, ""};
    if (errno == EINTR) continue;
    return FromErrno("udp receive", errno);
  }
}

}  // namespace mig::modules::ping
