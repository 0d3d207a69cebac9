// Finding lines as RFC 5424 syslog messages (the JSON line is the MSG) over
// UDP (RFC 5426: one message per datagram), TCP (RFC 6587 octet counting) or
// a Unix socket (datagram, or stream with octet counting).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "output/sink.h"

namespace mig::output {

struct SyslogOptions {
  enum class Transport { kUdp, kTcp, kUnixDatagram, kUnixStream };
  Transport transport = Transport::kUdp;
  std::string host = "127.0.0.1";  // UDP and TCP: a name or an address
  int port = 514;
  std::string socket_path;  // Unix transports
  int facility = 16;        // local0 (RFC 5424 facility codes 0..23)
  std::string app_name = "mig";
  // The HOSTNAME field: the host that writes the message (empty: this
  // machine's name). The agent a finding is about is inside the JSON.
  std::string hostname;
  // Connect and send each give up after this long.
  std::chrono::milliseconds timeout{5000};
};

// "udp://host:port", "tcp://host:port", "unix:///path" (datagram),
// "unix-stream:///path"; IPv6 hosts in brackets. Other options keep their
// defaults.
Result<SyslogOptions> ParseSyslogUrl(const std::string& url);

class SyslogSink : public Sink {
 public:
  // Resolves the address; connection-oriented transports connect lazily, on
  // the first write, and reconnect once
  // when the receiver closed the connection (not after a timeout: a producer
  // waits at most one timeout per connect and per send).
  static Result<std::unique_ptr<SyslogSink>> Open(const SyslogOptions& options);
  ~SyslogSink() override;
  SyslogSink(const SyslogSink&) = delete;
  SyslogSink& operator=(const SyslogSink&) = delete;

  Status Write(const FindingLine& line) override;

 private:
  explicit SyslogSink(SyslogOptions options);
  Status Connect();
  // broken: the connection is lost (worth reopening), not merely slow.
  Status Send(const std::string& frame, bool& broken);
  void Close();

  SyslogOptions options_;
  std::string destination_;  // for messages: "udp://127.0.0.1:514"
  std::string hostname_;
  int fd_ = -1;
  struct Address;
  std::unique_ptr<Address> address_;
};

}  // namespace mig::output
