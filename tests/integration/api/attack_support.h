// For replaying attacks on a real mig-api process: raw client connections
// (from any loopback address), the server's memory and CPU from /proc.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "process.h"
#include "test_env.h"

namespace mig::test {

constexpr size_t kMiB = 1024 * 1024;

// A field of /proc/PID/status in kB (VmHWM: the peak resident set).
long StatusKb(pid_t pid, const std::string& field);
// User plus system CPU time of a process, in seconds.
double CpuSeconds(pid_t pid);

// A raw client connection; everything the server answers is read by a
// thread (so that its writes never block) and kept.
class RawConnection {
 public:
  // source: the local address to connect from (127.0.0.0/8 is all loopback).
  explicit RawConnection(int port, const std::string& source = "127.0.0.1");
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return connected_; }
  // False once the server stopped taking bytes (closed or reset).
  bool Send(const std::string& bytes);
  // What the server sent so far, after waiting up to timeout for `until`
  // (or for the connection to end).
  std::string Received(const std::string& until = "",
                       std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // True when the server closed the connection within timeout.
  bool ClosedWithin(std::chrono::milliseconds timeout);

 private:
  int fd_ = -1;
  bool connected_ = false;
  std::atomic<bool> closed_{false};
  std::mutex mu_;
  std::string received_;
  std::thread reader_;
};

// mig-api as deployed: its own process over SQLite, admin created by
// --init-investigator, access log on stdout (kept in the process log).
class ApiProcess {
 public:
  // extra_authentication / extra_server: lines added to those sections.
  explicit ApiProcess(const std::string& extra_authentication = "",
                      const std::string& extra_server = "");
  int port() const { return port_; }
  pid_t pid() const { return process_->pid(); }
  std::string db_path() const { return dir_.Sub("mig.db"); }
  std::string Log() const { return process_->Log(); }
  httplib::Client Client() const;
  // GET /heartbeat answered 200 within `within`; the message gives the time.
  ::testing::AssertionResult Answers(
      std::chrono::milliseconds within = std::chrono::seconds(1)) const;

 private:
  TempDir dir_{"mig-api-attack"};
  int port_;
  std::unique_ptr<Process> process_;
};

}  // namespace mig::test
