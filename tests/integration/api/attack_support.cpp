#include "attack_support.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "api_harness.h"

namespace mig::test {
namespace {

std::string ApiProgram() {
  return BinaryDir() + "/apps/mig-api/mig-api";
}

}  // namespace

long StatusKb(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  }
  return -1;
}

double CpuSeconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Fields after the command name; utime and stime are fields 14 and 15.
  std::istringstream rest(stat.substr(stat.rfind(')') + 2));
  std::string field;
  long ticks = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14 || i == 15) ticks += std::stol(field);
  }
  return static_cast<double>(ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

RawConnection::RawConnection(int port, const std::string& source) {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  inet_pton(AF_INET, source.c_str(), &local.sin_addr);
  bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof(local));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0;
  reader_ = std::thread([this] {
    char buf[65536];
    for (;;) {
      const ssize_t n = recv(fd_, buf, sizeof(buf), 0);
      if (n <= 0) break;
      std::lock_guard lock(mu_);
      received_.append(buf, static_cast<size_t>(n));
    }
    closed_ = true;
  });
}

RawConnection::~RawConnection() {
  shutdown(fd_, SHUT_RDWR);
  reader_.join();
  close(fd_);
}

bool RawConnection::Send(const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

std::string RawConnection::Received(const std::string& until, std::chrono::milliseconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    {
      std::lock_guard lock(mu_);
      if ((!until.empty() && received_.find(until) != std::string::npos) || closed_ ||
          std::chrono::steady_clock::now() > end)
        return received_;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

bool RawConnection::ClosedWithin(std::chrono::milliseconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (!closed_ && std::chrono::steady_clock::now() < end)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  return closed_;
}

ApiProcess::ApiProcess(const std::string& extra_authentication, const std::string& extra_server)
    : port_(FreeLoopbackPort()) {
  WriteFile(dir_.Sub("api.cfg"),
            "[authentication]\n  enabled = on\n" + extra_authentication +
                "[server]\n  ip = 127.0.0.1\n  port = " + std::to_string(port_) +
                "\n  host = \"http://127.0.0.1:" + std::to_string(port_) + "\"\n" + extra_server +
                "[store]\n  driver = sqlite\n  path = " + db_path() + "\n");
  WriteFile(dir_.Sub("admin.asc"), TestKeys::Get().admin_pub);
  auto init = RunShell(ApiProgram() + " -c " + dir_.Sub("api.cfg") +
                       " --init-investigator Admin --pubkey " + dir_.Sub("admin.asc"));
  EXPECT_EQ(init.exit_code, 0) << init.output;
  process_ = std::make_unique<Process>(
      std::vector<std::string>{ApiProgram(), "-c", dir_.Sub("api.cfg")}, dir_.Sub("api.log"));
  httplib::Client cli("127.0.0.1", port_);
  for (int i = 0; i < 200 && !cli.Get("/api/v1/heartbeat"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

httplib::Client ApiProcess::Client() const {
  httplib::Client cli("127.0.0.1", port_);
  cli.set_connection_timeout(5);
  cli.set_read_timeout(5);
  return cli;
}

::testing::AssertionResult ApiProcess::Answers(std::chrono::milliseconds within) const {
  httplib::Client cli("127.0.0.1", port_);
  cli.set_connection_timeout(std::chrono::duration_cast<std::chrono::seconds>(within).count() + 1);
  cli.set_read_timeout(std::chrono::duration_cast<std::chrono::seconds>(within).count() + 1);
  const auto start = std::chrono::steady_clock::now();
  auto r = cli.Get("/api/v1/heartbeat");
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  if (!r || r->status != 200)
    return ::testing::AssertionFailure() << "no answer to GET /heartbeat (" << ms.count() << " ms)";
  if (ms > within)
    return ::testing::AssertionFailure()
           << "GET /heartbeat took " << ms.count() << " ms (more than " << within.count() << ")";
  return ::testing::AssertionSuccess() << ms.count() << " ms";
}

}  // namespace mig::test
