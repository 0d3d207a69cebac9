// An event-driven HTTP/1.1 server (Boost.Beast over Asio): a few I/O threads
// hold every connection, however many and however slow; route handlers run
// on a pool of worker threads only once a whole request is in, and a
// stream (server-sent events) takes a worker only for each step.
//
// What one client can hold is bounded: the request head (size and time),
// the body (Content-Length only, at most max_body_bytes; see
// api/body_policy.h), idle time between requests, connections per address.
// cpp-httplib, which served the API before, gave each connection a thread
// of a fixed pool: eight slow clients stopped it (issue 13, finding 3).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "api/http/message.h"
#include "api/http/router.h"
#include "core/status.h"

namespace mig::api::http {

struct Limits {
  size_t max_body_bytes = 1024 * 1024;
  size_t max_header_bytes = 64 * 1024;
  // From the first byte of a request to the end of its head.
  std::chrono::milliseconds header_timeout{10000};
  // Between requests on a kept-alive connection (and before the first).
  std::chrono::milliseconds idle_timeout{60000};
  // Reading a body, writing an answer or one stream step's chunk.
  std::chrono::milliseconds io_timeout{60000};
  size_t max_connections_per_address = 256;
  size_t max_connections = 16384;
};

// What the application adds around its routes; all run on a worker.
struct Hooks {
  // Before the body is read; true when it answered (the connection is then
  // closed, the body never read).
  std::function<bool(const Request&, Response&)> screen;
  // Gives an error status (>= 400) without a body its body.
  std::function<void(const Request&, Response&)> error_body;
  // A handler threw.
  std::function<void(const Request&, Response&, const std::string& what)> exception;
  // After the answer is decided (streams: when they start).
  std::function<void(const Request&, const Response&)> log;
};

class Server {
 public:
  // tls_cert/tls_key empty: plain HTTP. workers: handler threads.
  static Result<std::unique_ptr<Server>> Create(const Router& router, Limits limits, Hooks hooks,
                                                int workers, const std::string& tls_cert = "",
                                                const std::string& tls_key = "");
  ~Server();

  // Binds ip:port (0: any free port); returns the port.
  Result<int> Bind(const std::string& ip, int port);
  // Serves until Stop() (from any thread).
  Status Serve();
  void Stop();
  bool is_running() const;

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace mig::api::http
