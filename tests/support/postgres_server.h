// A private PostgreSQL server for tests: initdb in a temporary directory,
// run as the `postgres` user when the tests run as root (PostgreSQL refuses
// root). It listens on no TCP port, only on a unix socket in that directory
// (mode 700): it trusts whoever reaches the socket, and only its owner and
// root can. Stopped and removed when the object goes away.
#pragma once

#include <memory>
#include <string>

namespace mig::test {

class PostgresServer {
 public:
  // Starts the server and waits until it accepts connections. On failure
  // error() says why (and ok() is false); nothing is left running.
  PostgresServer();
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  // The number in the socket's name (.s.PGSQL.<port>); nothing listens on TCP.
  int port() const { return port_; }

  // Creates an empty database and returns its libpq connection string, or
  // an empty string with error set.
  std::string CreateDatabase(const std::string& name, std::string* error);
  std::string ConnInfo(const std::string& dbname) const;

  // The server of this test process, started on first use, stopped at exit.
  static PostgresServer& Shared();

 private:
  std::string RunAsOwner(const std::string& command, int* exit_code) const;

  std::string dir_;
  int port_ = 0;
  bool started_ = false;
  std::string error_;
};

}  // namespace mig::test
