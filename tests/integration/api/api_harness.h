// A mig-api server in the test process on a free loopback port, over SQLite
// or a private PostgreSQL, with real OpenPGP keys for investigators.
#pragma once

#include <httplib.h>

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "api/server.h"
#include "core/documents.h"
#include "gnupg_home.h"
#include "store/store.h"
#include "test_env.h"

namespace mig::test {

// Keys made once per test binary: admin, bob, and eve, an outsider stored
// only by the tests that play her accomplice.
struct TestKeys {
  std::string admin_fpr, admin_pub, admin_sec;
  std::string bob_fpr, bob_pub, bob_sec;
  std::string eve_fpr, eve_pub, eve_sec;
  static const TestKeys& Get();
};

class ApiHarness {
 public:
  // backend: "sqlite" or "postgres". Creates the admin investigator with
  // every permission through the bootstrap code. configure, when given,
  // changes the configuration before the server is created.
  explicit ApiHarness(const std::string& backend, bool tls = false,
                      const std::function<void(api::ApiConfig&)>& configure = nullptr);
  ~ApiHarness();

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  int port() const { return port_; }
  Id admin_id() const { return admin_id_; }
  api::ApiConfig& config() { return config_; }
  // The test's own directory (removed with the harness).
  const TempDir& dir() const { return dir_; }
  // A second connection to the same database, for arranging state.
  store::Store& db() { return *db_; }
  std::unique_ptr<httplib::Client> Client() const;
  // Drops the agents table behind the API's back, so that every query on
  // agents fails inside the database (raw SQL, not through the store).
  Status BreakAgentsTable();

  // "1;<now+skew>;<nonce>;<sig>" signed with the armored secret key.
  static std::string Token(const std::string& secret, const std::string& nonce = "",
                           int64_t skew_seconds = 0);
  // A valid action signed by each secret key in `signers`.
  static Action MakeAction(const std::vector<std::string>& signers,
                           const std::string& target = "name LIKE 'host%'");
  static std::string Sign(const Action& a, const std::string& secret);

 private:
  std::string error_;
  TempDir dir_{"mig-api-test"};
  api::ApiConfig config_;
  std::unique_ptr<store::Store> db_;
  std::unique_ptr<api::ApiServer> server_;
  std::thread thread_;
  int port_ = 0;
  Id admin_id_ = 0;
  bool tls_ = false;
};

// Form body encoding for POSTs.
std::string FormBody(const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace mig::test
