// The sinks against real sockets: UDP, TCP and Unix (datagram and stream)
// listeners in the test, unreachable and stalled receivers.
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <thread>

#include <gtest/gtest.h>

#include "output/file_sink.h"
#include "output/syslog_sink.h"
#include "test_env.h"

namespace mig::output::test {
namespace {

using Clock = std::chrono::steady_clock;

FindingLine Line(std::string json, Severity severity = Severity::kHigh) {
  return FindingLine{std::move(json), severity, "detection"};
}

// A bound socket that closes itself.
struct Socket {
  int fd = -1;
  ~Socket() {
    if (fd >= 0) close(fd);
  }
};

int BindLoopback(int type, Socket& s) {
  s.fd = socket(AF_INET, type, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(bind(s.fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  socklen_t len = sizeof a;
  getsockname(s.fd, reinterpret_cast<sockaddr*>(&a), &len);
  return ntohs(a.sin_port);
}

void BindUnix(int type, const std::string& path, Socket& s) {
  s.fd = socket(AF_UNIX, type, 0);
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  std::snprintf(a.sun_path, sizeof a.sun_path, "%s", path.c_str());
  ASSERT_EQ(bind(s.fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
}

std::string ReceiveDatagram(int fd) {
  pollfd p{fd, POLLIN, 0};
  if (poll(&p, 1, 5000) != 1) return "(nothing received)";
  std::string buf(70000, '\0');
  const ssize_t n = recv(fd, buf.data(), buf.size(), 0);
  buf.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return buf;
}

// Accepts one connection and reads until the peer closes or 5 s pass.
std::string ReadStream(int listener) {
  pollfd p{listener, POLLIN, 0};
  if (poll(&p, 1, 5000) != 1) return "";
  const int c = accept(listener, nullptr, nullptr);
  std::string all;
  char buf[65536];
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (Clock::now() < deadline) {
    pollfd q{c, POLLIN, 0};
    if (poll(&q, 1, 100) != 1) continue;
    const ssize_t n = recv(c, buf, sizeof buf, 0);
    if (n <= 0) break;
    all.append(buf, static_cast<size_t>(n));
  }
  close(c);
  return all;
}

// RFC 6587 octet counting: every frame "LEN SP MSG", nothing left over.
std::vector<std::string> SplitFrames(const std::string& stream) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < stream.size()) {
    const size_t sp = stream.find(' ', pos);
    EXPECT_NE(sp, std::string::npos);
    if (sp == std::string::npos) break;
    const std::string len = stream.substr(pos, sp - pos);
    EXPECT_TRUE(std::regex_match(len, std::regex("[1-9][0-9]*"))) << "bad length '" << len << "'";
    const size_t n = std::stoul(len);
    EXPECT_LE(sp + 1 + n, stream.size());
    out.push_back(stream.substr(sp + 1, n));
    pos = sp + 1 + n;
  }
  return out;
}

// One RFC 5424 message whose MSG is the given JSON line.
void ExpectSyslog(const std::string& message, const std::string& json, int pri) {
  static const std::regex form(
      R"(<(\d{1,3})>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z ([!-~]{1,255}) ([!-~]{1,48}) ([!-~]{1,128}) ([!-~]{1,32}) - (.*))");
  std::smatch m;
  ASSERT_TRUE(std::regex_match(message, m, form)) << message.substr(0, 200);
  EXPECT_EQ(std::stoi(m[1]), pri);
  EXPECT_EQ(m[3], "mig");
  EXPECT_EQ(m[5], "detection");
  EXPECT_EQ(m[6], json);
}

SyslogOptions Options(SyslogOptions::Transport t) {
  SyslogOptions o;
  o.transport = t;
  o.timeout = std::chrono::milliseconds(500);
  return o;
}

TEST(SyslogSink, UdpSendsOneMessagePerDatagram) {
  Socket listener;
  auto o = Options(SyslogOptions::Transport::kUdp);
  o.port = BindLoopback(SOCK_DGRAM, listener);
  auto sink = SyslogSink::Open(o);
  ASSERT_TRUE(sink.ok()) << sink.error();
  ASSERT_TRUE((*sink)->Write(Line(R"({"n":1})")).ok());
  ASSERT_TRUE((*sink)->Write(Line(R"({"n":2})", Severity::kInformational)).ok());
  ExpectSyslog(ReceiveDatagram(listener.fd), R"({"n":1})", 16 * 8 + 3);
  ExpectSyslog(ReceiveDatagram(listener.fd), R"({"n":2})", 16 * 8 + 6);
  // Too big for a datagram: refused with a reason, not cut into bad JSON.
  const Status big = (*sink)->Write(Line("\"" + std::string(70000, 'x') + "\""));
  EXPECT_FALSE(big.ok());
  EXPECT_NE(big.message().find("larger than a UDP datagram"), std::string::npos) << big.message();
}

TEST(SyslogSink, TcpUsesOctetCountingAndNoMessageSpillsIntoAnother) {
  Socket listener;
  auto o = Options(SyslogOptions::Transport::kTcp);
  o.port = BindLoopback(SOCK_STREAM, listener);
  ASSERT_EQ(listen(listener.fd, 4), 0);
  std::string received;
  std::thread reader([&] { received = ReadStream(listener.fd); });
  {
    auto sink = SyslogSink::Open(o);
    ASSERT_TRUE(sink.ok()) << sink.error();
    // A line that tries to start a second frame and a second message.
    const std::string sneaky = "{\"x\":\"12 <13>1 - - - - - forged\"}\n5 hello";
    for (const auto& l : {std::string(R"({"a":1})"), sneaky, std::string(R"({"b":"é"})")})
      ASSERT_TRUE((*sink)->Write(Line(l)).ok());
  }  // closing the sink ends the reader
  reader.join();
  const auto frames = SplitFrames(received);
  ASSERT_EQ(frames.size(), 3u);
  ExpectSyslog(frames[0], R"({"a":1})", 131);
  ExpectSyslog(frames[1], "{\"x\":\"12 <13>1 - - - - - forged\"} 5 hello", 131);
  ExpectSyslog(frames[2], R"({"b":"é"})", 131);
}

TEST(SyslogSink, UnixDatagramAndStream) {
  mig::test::TempDir dir("mig-output");
  {
    Socket listener;
    BindUnix(SOCK_DGRAM, dir.Sub("dgram"), listener);
    auto o = Options(SyslogOptions::Transport::kUnixDatagram);
    o.socket_path = dir.Sub("dgram");
    auto sink = SyslogSink::Open(o);
    ASSERT_TRUE(sink.ok()) << sink.error();
    ASSERT_TRUE((*sink)->Write(Line(R"({"u":1})")).ok());
    ExpectSyslog(ReceiveDatagram(listener.fd), R"({"u":1})", 131);
  }
  Socket listener;
  BindUnix(SOCK_STREAM, dir.Sub("stream"), listener);
  ASSERT_EQ(listen(listener.fd, 4), 0);
  std::string received;
  std::thread reader([&] { received = ReadStream(listener.fd); });
  {
    auto o = Options(SyslogOptions::Transport::kUnixStream);
    o.socket_path = dir.Sub("stream");
    auto sink = SyslogSink::Open(o);
    ASSERT_TRUE(sink.ok()) << sink.error();
    ASSERT_TRUE((*sink)->Write(Line(R"({"s":1})")).ok());
    ASSERT_TRUE((*sink)->Write(Line(R"({"s":2})")).ok());
  }
  reader.join();
  const auto frames = SplitFrames(received);
  ASSERT_EQ(frames.size(), 2u);
  ExpectSyslog(frames[1], R"({"s":2})", 131);
}

TEST(SyslogSink, UnreachableReceiversGiveClearErrorsAndRecover) {
  mig::test::TempDir dir("mig-output");
  auto o = Options(SyslogOptions::Transport::kUnixDatagram);
  o.socket_path = dir.Sub("later");
  auto sink = SyslogSink::Open(o);
  ASSERT_TRUE(sink.ok()) << sink.error();
  Status s = (*sink)->Write(Line("{}"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "syslog unix://" + dir.Sub("later") + ": connect: No such file or directory");
  // The receiver comes up: the next write reaches it.
  Socket listener;
  BindUnix(SOCK_DGRAM, dir.Sub("later"), listener);
  ASSERT_TRUE((*sink)->Write(Line(R"({"late":1})")).ok());
  ExpectSyslog(ReceiveDatagram(listener.fd), R"({"late":1})", 131);

  // TCP to a port where nobody listens.
  Socket closed;
  auto t = Options(SyslogOptions::Transport::kTcp);
  t.port = BindLoopback(SOCK_STREAM, closed);  // bound, not listening
  auto tcp = SyslogSink::Open(t);
  ASSERT_TRUE(tcp.ok());
  const auto start = Clock::now();
  s = (*tcp)->Write(Line("{}"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "syslog tcp://127.0.0.1:" + std::to_string(t.port) + ": connect: Connection refused");
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(2));

  auto bad = SyslogSink::Open(Options(SyslogOptions::Transport::kUnixStream));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().find("socket path must be"), std::string::npos);
  auto unresolvable = Options(SyslogOptions::Transport::kUdp);
  unresolvable.host = "no-such-host.invalid";
  auto u = SyslogSink::Open(unresolvable);
  ASSERT_FALSE(u.ok());
  EXPECT_NE(u.error().find("cannot resolve 'no-such-host.invalid'"), std::string::npos);
}

// A receiver that drops the connection (a restart): the sink notices on a
// send and reopens the stream once, the producer sees no error.
TEST(SyslogSink, TcpReconnectsAfterTheReceiverClosed) {
  Socket listener;
  auto o = Options(SyslogOptions::Transport::kTcp);
  o.port = BindLoopback(SOCK_STREAM, listener);
  ASSERT_EQ(listen(listener.fd, 4), 0);
  auto sink = SyslogSink::Open(o);
  ASSERT_TRUE(sink.ok());
  ASSERT_TRUE((*sink)->Write(Line(R"({"first":1})")).ok());
  const int first = accept(listener.fd, nullptr, nullptr);
  ASSERT_GE(first, 0);
  close(first);
  std::string received;
  std::thread reader([&] { received = ReadStream(listener.fd); });
  // The first sends after the close may still be taken by the kernel (TCP
  // syslog has no acknowledgements, RFC 6587 section 4); then the reset is
  // seen and the sink reconnects.
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE((*sink)->Write(Line(R"({"again":)" + std::to_string(i) + "}")).ok()) << i;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  sink->reset();
  reader.join();
  const auto frames = SplitFrames(received);
  ASSERT_FALSE(frames.empty());
  ExpectSyslog(frames.back(), R"({"again":4})", 131);
}

// A receiver that accepts and never reads: writes fail after the timeout
// once the buffers are full, they never hang.
TEST(SyslogSink, StalledReceiversTimeOutInsteadOfBlocking) {
  Socket listener;
  auto o = Options(SyslogOptions::Transport::kTcp);
  o.timeout = std::chrono::milliseconds(300);
  int small = 4096;
  listener.fd = socket(AF_INET, SOCK_STREAM, 0);
  setsockopt(listener.fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener.fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  socklen_t len = sizeof a;
  getsockname(listener.fd, reinterpret_cast<sockaddr*>(&a), &len);
  o.port = ntohs(a.sin_port);
  ASSERT_EQ(listen(listener.fd, 4), 0);
  auto sink = SyslogSink::Open(o);
  ASSERT_TRUE(sink.ok());
  const std::string big = "\"" + std::string(60000, 'x') + "\"";
  Status s;
  int writes = 0;
  for (; writes < 2000 && s.ok(); ++writes) {
    const auto start = Clock::now();
    s = (*sink)->Write(Line(big));
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(2));
  }
  ASSERT_FALSE(s.ok()) << "2000 writes of 60 kB to a receiver that reads nothing all succeeded";
  EXPECT_NE(s.message().find("send: timed out"), std::string::npos) << s.message();

  // Unix datagram receiver that never reads.
  mig::test::TempDir dir("mig-output");
  Socket dgram;
  BindUnix(SOCK_DGRAM, dir.Sub("full"), dgram);
  auto u = Options(SyslogOptions::Transport::kUnixDatagram);
  u.socket_path = dir.Sub("full");
  u.timeout = std::chrono::milliseconds(200);
  auto usink = SyslogSink::Open(u);
  ASSERT_TRUE(usink.ok());
  s = Status::Ok();
  for (writes = 0; writes < 100000 && s.ok(); ++writes)
    s = (*usink)->Write(Line(R"({"q":1})"));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("timed out"), std::string::npos) << s.message();
}

TEST(SyslogUrl, ParsesEachTransportAndRefusesTheRest) {
  auto u = ParseSyslogUrl("udp://logs.example.net:5514");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->host, "logs.example.net");
  EXPECT_EQ(u->port, 5514);
  auto t = ParseSyslogUrl("tcp://[::1]:601");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->transport, SyslogOptions::Transport::kTcp);
  EXPECT_EQ(t->host, "::1");
  EXPECT_EQ(t->port, 601);
  EXPECT_EQ(ParseSyslogUrl("udp://h")->port, 514);
  EXPECT_EQ(ParseSyslogUrl("unix:///dev/log")->transport, SyslogOptions::Transport::kUnixDatagram);
  EXPECT_EQ(ParseSyslogUrl("unix-stream:///run/s")->socket_path, "/run/s");
  for (const char* bad : {"h:514", "http://h", "udp://:514", "udp://h:0", "udp://h:65536",
                          "udp://h:x", "unix://rel", "tcp://[::1", "tcp://[::1]x"})
    EXPECT_FALSE(ParseSyslogUrl(bad).ok()) << bad;
}

TEST(FileSink, AppendsOneLinePerFinding) {
  mig::test::TempDir dir("mig-output");
  const std::string path = dir.Sub("findings.jsonl");
  mig::test::WriteFile(path, "{\"old\":1}\n");
  {
    auto sink = FileSink::Open(path);
    ASSERT_TRUE(sink.ok()) << sink.error();
    ASSERT_TRUE((*sink)->Write(Line(R"({"a":1})")).ok());
    ASSERT_TRUE((*sink)->Write(Line(R"({"b":2})")).ok());
  }
  EXPECT_EQ(mig::test::ReadFile(path), "{\"old\":1}\n{\"a\":1}\n{\"b\":2}\n");
  auto missing = FileSink::Open(dir.Sub("no/such/dir/f"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error(), dir.Sub("no/such/dir/f") + ": No such file or directory");
}

}  // namespace
}  // namespace mig::output::test
