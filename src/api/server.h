// The mig-api HTTP(S) server: MIG's REST API v1 (spec/api.md) over a Store,
// served by the event-driven server of api/http/ (Boost.Beast).
//
//   auto server = ApiServer::Create(config, stdout);
//   auto port = (*server)->Bind();   // config.port 0 picks a free port
//   (*server)->Serve();              // blocks until Stop() from another thread
#pragma once

#include <cstdio>
#include <memory>

#include "api/config.h"
#include "api/store_pool.h"
#include "core/status.h"

namespace mig::api {

// Opens a store connection as the configuration says ([store] / [postgres]).
Result<std::unique_ptr<store::Store>> OpenConfiguredStore(const ApiConfig& config);

class ApiServer {
 public:
  // Checks the database (migrating it) and TLS files. access_log receives
  // one line per request (nullptr: no log).
  static Result<std::unique_ptr<ApiServer>> Create(const ApiConfig& config, std::FILE* access_log);
  ~ApiServer();

  // Binds server.ip:server.port (port 0: any free port); returns the bound
  // port. An empty server.host becomes http(s)://ip:port.
  Result<int> Bind();
  // The port of the [agents] relayauth listener after Bind(); 0 when off.
  int relay_auth_port() const;
  // The configuration in use (host filled in by Bind).
  const ApiConfig& config() const;
  // Serves until Stop(). Call after Bind().
  Status Serve();
  void Stop();
  bool is_running() const;

 private:
  struct Impl;
  explicit ApiServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace mig::api
