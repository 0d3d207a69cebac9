#include "output/syslog_sink.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "output/syslog_frame.h"

namespace mig::output {

// The resolved destination, kept so a lost stream can be reopened.
struct SyslogSink::Address {
  sockaddr_storage storage{};
  socklen_t length = 0;
  int family = AF_UNSPEC;
};

namespace {

using Transport = SyslogOptions::Transport;
using Clock = std::chrono::steady_clock;

bool IsStream(Transport t) {
  return t == Transport::kTcp || t == Transport::kUnixStream;
}

// The largest UDP payload (IPv4); a longer message cannot be one datagram.
constexpr size_t kMaxUdpMessage = 65507;

std::string Errno(const std::string& what, int err = errno) {
  return what + ": " + std::strerror(err);
}

// Milliseconds left before deadline, at least 0.
int Remaining(Clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

Status WaitFor(int fd, short events, Clock::time_point deadline, const char* what) {
  for (;;) {
    pollfd p{fd, events, 0};
    const int n = poll(&p, 1, Remaining(deadline));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::Error(Errno(what));
    if (n == 0) return Status::Error(std::string(what) + ": timed out");
    return Status::Ok();
  }
}

Result<int> ParsePort(const std::string& text) {
  if (text.empty() || text.size() > 5 || text.find_first_not_of("0123456789") != std::string::npos)
    return Result<int>::Error("port '" + text + "' is not a number from 1 to 65535");
  const int port = std::stoi(text);
  if (port < 1 || port > 65535)
    return Result<int>::Error("port '" + text + "' is not a number from 1 to 65535");
  return port;
}

}  // namespace

Result<SyslogOptions> ParseSyslogUrl(const std::string& url) {
  SyslogOptions o;
  const size_t scheme_end = url.find("://");
  const std::string usage =
      " (want udp://HOST:PORT, tcp://HOST:PORT, unix:///PATH or unix-stream:///PATH)";
  if (scheme_end == std::string::npos)
    return Result<SyslogOptions>::Error("syslog destination '" + url + "'" + usage);
  const std::string scheme = url.substr(0, scheme_end);
  const std::string rest = url.substr(scheme_end + 3);
  if (scheme == "unix" || scheme == "unix-stream") {
    o.transport = scheme == "unix" ? Transport::kUnixDatagram : Transport::kUnixStream;
    if (rest.empty() || rest[0] != '/')
      return Result<SyslogOptions>::Error("syslog destination '" + url +
                                          "': the socket path must be absolute");
    o.socket_path = rest;
    return o;
  }
  if (scheme != "udp" && scheme != "tcp")
    return Result<SyslogOptions>::Error("syslog destination '" + url + "'" + usage);
  o.transport = scheme == "udp" ? Transport::kUdp : Transport::kTcp;
  std::string host = rest, port;
  if (!rest.empty() && rest[0] == '[') {
    const size_t close = rest.find(']');
    if (close == std::string::npos)
      return Result<SyslogOptions>::Error("syslog destination '" + url + "': missing ']'");
    host = rest.substr(1, close - 1);
    if (close + 1 < rest.size()) {
      if (rest[close + 1] != ':')
        return Result<SyslogOptions>::Error("syslog destination '" + url + "'" + usage);
      port = rest.substr(close + 2);
    }
  } else if (const size_t colon = rest.rfind(':'); colon != std::string::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }
  if (host.empty())
    return Result<SyslogOptions>::Error("syslog destination '" + url + "': no host");
  o.host = host;
  if (!port.empty()) {
    auto p = ParsePort(port);
    if (!p) return Result<SyslogOptions>::Error("syslog destination '" + url + "': " + p.error());
    o.port = *p;
  }
  return o;
}

SyslogSink::SyslogSink(SyslogOptions options)
    : options_(std::move(options)), address_(std::make_unique<Address>()) {}

SyslogSink::~SyslogSink() {
  Close();
}

void SyslogSink::Close() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

Result<std::unique_ptr<SyslogSink>> SyslogSink::Open(const SyslogOptions& options) {
  using R = Result<std::unique_ptr<SyslogSink>>;
  std::unique_ptr<SyslogSink> sink(new SyslogSink(options));
  Address& a = *sink->address_;
  switch (options.transport) {
    case Transport::kUdp:
    case Transport::kTcp: {
      sink->destination_ = std::string(options.transport == Transport::kUdp ? "udp" : "tcp") +
                           "://" + options.host + ":" + std::to_string(options.port);
      addrinfo hints{};
      hints.ai_socktype = options.transport == Transport::kUdp ? SOCK_DGRAM : SOCK_STREAM;
      addrinfo* found = nullptr;
      const int rc =
          getaddrinfo(options.host.c_str(), std::to_string(options.port).c_str(), &hints, &found);
      if (rc != 0 || !found)
        return R::Error("syslog " + sink->destination_ + ": cannot resolve '" + options.host +
                        "': " + gai_strerror(rc));
      std::memcpy(&a.storage, found->ai_addr, found->ai_addrlen);
      a.length = found->ai_addrlen;
      a.family = found->ai_family;
      freeaddrinfo(found);
      break;
    }
    case Transport::kUnixDatagram:
    case Transport::kUnixStream: {
      sink->destination_ =
          std::string(options.transport == Transport::kUnixDatagram ? "unix://"
                                                                    : "unix-stream://") +
          options.socket_path;
      sockaddr_un un{};
      if (options.socket_path.empty() || options.socket_path.size() >= sizeof un.sun_path)
        return R::Error("syslog " + sink->destination_ + ": the socket path must be 1 to " +
                        std::to_string(sizeof un.sun_path - 1) + " bytes");
      un.sun_family = AF_UNIX;
      std::memcpy(un.sun_path, options.socket_path.data(), options.socket_path.size());
      std::memcpy(&a.storage, &un, sizeof un);
      a.length = sizeof un;
      a.family = AF_UNIX;
      break;
    }
  }
  if (options.hostname.empty()) {
    char name[256] = {};
    gethostname(name, sizeof name - 1);
    sink->hostname_ = name;
  } else {
    sink->hostname_ = options.hostname;
  }
  return sink;
}

Status SyslogSink::Connect() {
  const auto deadline = Clock::now() + options_.timeout;
  const int type = IsStream(options_.transport) ? SOCK_STREAM : SOCK_DGRAM;
  const int fd = socket(address_->family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status::Error(Errno("socket"));
  if (connect(fd, reinterpret_cast<const sockaddr*>(&address_->storage), address_->length) != 0) {
    if (errno != EINPROGRESS) {
      const int err = errno;
      close(fd);
      return Status::Error(Errno("connect", err));
    }
    Status waited = WaitFor(fd, POLLOUT, deadline, "connect");
    int err = 0;
    socklen_t len = sizeof err;
    if (waited.ok() && getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err != 0)
      waited = Status::Error(Errno("connect", err));
    if (!waited.ok()) {
      close(fd);
      return waited;
    }
  }
  fd_ = fd;
  return Status::Ok();
}

Status SyslogSink::Send(const std::string& data, bool& broken) {
  broken = false;
  const auto deadline = Clock::now() + options_.timeout;
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = send(fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n >= 0) {
      done += static_cast<size_t>(n);
      if (!IsStream(options_.transport)) break;  // a datagram goes whole or not at all
      continue;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      Status waited = WaitFor(fd_, POLLOUT, deadline, "send");
      if (!waited.ok()) return waited;
      continue;
    }
    broken = errno == EPIPE || errno == ECONNRESET || errno == ENOTCONN;
    return Status::Error(Errno("send"));
  }
  return Status::Ok();
}

Status SyslogSink::Write(const FindingLine& line) {
  SyslogHeader header;
  header.facility = options_.facility;
  header.severity = SyslogSeverity(static_cast<int>(line.severity));
  header.timestamp = Time::Now();
  header.hostname = hostname_;
  header.app_name = options_.app_name;
  header.procid = std::to_string(getpid());
  header.msgid = line.kind;
  const std::string message = FormatSyslogMessage(header, line.json);
  const bool stream = IsStream(options_.transport);
  if (!stream && options_.transport == Transport::kUdp && message.size() > kMaxUdpMessage)
    return Status::Error("syslog " + destination_ + ": message of " +
                         std::to_string(message.size()) + " bytes is larger than a UDP datagram (" +
                         std::to_string(kMaxUdpMessage) + "); use tcp://");
  const std::string data = stream ? OctetCountedFrame(message) : message;
  Status last;
  // A stream the receiver closed is noticed on a send: reopen it once.
  for (int attempt = 0; attempt < (stream ? 2 : 1); ++attempt) {
    if (fd_ < 0) {
      last = Connect();
      if (!last.ok()) continue;
    }
    bool broken = false;
    last = Send(data, broken);
    if (last.ok()) return last;
    Close();  // a partial frame leaves the stream unusable
    if (!broken) break;
  }
  return last.Context("syslog " + destination_);
}

}  // namespace mig::output
