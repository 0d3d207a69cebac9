#include "modules/timedrift/engine/ntp_client.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

#include "modules/go_format.h"

namespace mig::modules::timedrift {
namespace {

constexpr int64_t kNtpToUnixSeconds = 2208988800LL;  // 1900-01-01 to 1970-01-01

uint32_t BigEndian32(const unsigned char* p) {
  return static_cast<uint32_t>(p[0]) << 24 | static_cast<uint32_t>(p[1]) << 16 |
         static_cast<uint32_t>(p[2]) << 8 | static_cast<uint32_t>(p[3]);
}

}  // namespace

Result<NtpAnswer> QueryNtp(const std::string& host, int port, int timeout_ms) {
  using R = Result<NtpAnswer>;
  const auto start = std::chrono::steady_clock::now();
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* list = nullptr;
  const int gai = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &list);
  if (gai != 0) return R::Error("lookup " + host + ": " + gai_strerror(gai));
  const int fd = socket(list->ai_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    freeaddrinfo(list);
    return R::Error("socket: " + ErrnoText(errno));
  }
  const int rc = connect(fd, list->ai_addr, list->ai_addrlen);
  freeaddrinfo(list);
  auto fail = [fd](const std::string& msg) {
    close(fd);
    return R::Error(msg);
  };
  if (rc != 0) return fail("dial udp " + host + ": " + ErrnoText(errno));
  unsigned char req[48] = {0x1B};  // LI 0, version 3, mode 3 (client)
  if (send(fd, req, sizeof req, 0) != static_cast<ssize_t>(sizeof req))
    return fail("write to " + host + ": " + ErrnoText(errno));
  const auto deadline = start + std::chrono::milliseconds(timeout_ms);
  unsigned char reply[48];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    pollfd p{fd, POLLIN, 0};
    const int n = poll(&p, 1, left > 0 ? static_cast<int>(left) : 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail("read from " + host + ": i/o timeout");
    const ssize_t got = recv(fd, reply, sizeof reply, 0);
    if (got < 0) return fail("read from " + host + ": " + ErrnoText(errno));
    if (got < static_cast<ssize_t>(sizeof reply)) return fail("short response from NTP host");
    break;
  }
  close(fd);
  const uint32_t seconds = BigEndian32(reply + 40);
  const uint32_t fraction = BigEndian32(reply + 44);
  if (seconds == 0 || fraction == 0) return R::Error("null response received from NTP host");
  NtpAnswer a;
  a.unix_ns = (static_cast<int64_t>(seconds) - kNtpToUnixSeconds) * 1000000000LL +
              static_cast<int64_t>((static_cast<uint64_t>(fraction) * 1000000000ULL) >> 32);
  a.latency_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start)
          .count();
  return a;
}

}  // namespace mig::modules::timedrift
