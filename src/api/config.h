// mig-api configuration (components.md section 5), a gcfg file. Unknown keys
// are refused like MIG does. Besides MIG's keys: [store] picks SQLite or
// PostgreSQL, [server] tlscert/tlskey turn on HTTPS, [server] threads and
// maxbodybytes bound the work one request can cause, [authentication]
// failurerate the guesses one address can make, [console] the web console's
// files and the agents' ACL it shows.
#pragma once

#include <cstdint>
#include <string>

#include "core/gcfg.h"
#include "core/status.h"

namespace mig::api {

struct ApiConfig {
  // [authentication]
  bool auth_enabled = true;
  int64_t token_duration_seconds = 600;  // accepted skew each way
  // Failed authentications a second per client address (burst: ten
  // seconds' worth); beyond, 429 without checking. 0: no limit.
  int64_t auth_failure_rate = 1;
  // Times one token (signer + nonce) is accepted within its validity. MIG's
  // client derives its nonce from a per-process counter and a seconds clock,
  // so copies started in the same second send identical tokens; above 1, a
  // captured token can be replayed that many times.
  int64_t token_uses = 1;
  // [manifest]
  int64_t required_signatures = 2;
  // [server]
  std::string listen_ip = "127.0.0.1";
  int port = 12345;
  std::string host = "http://localhost:12345";  // public base of links
  std::string base_route = "/api/v1";
  std::string client_public_ip = "peer";  // or "x-forwarded-for:N"
  std::string tls_cert, tls_key;          // both set: HTTPS
  int threads = 8;
  size_t max_body_bytes = 1024 * 1024;
  // Open connections one client address may hold (http/server.h).
  size_t max_conns_per_address = 256;
  // [store]
  std::string store_driver = "sqlite";  // sqlite | postgres
  std::string store_path = "/var/lib/mig/mig.db";
  std::string store_conninfo;  // libpq string; else built from [postgres]
  // [postgres] as MIG
  std::string pg_host = "127.0.0.1", pg_dbname = "mig", pg_user = "migapi", pg_password,
              pg_sslmode = "disable";
  int pg_port = 5432;
  int pg_maxconn = 10;
  // [agents]: agents' own relay identities (core/agent_credential.h).
  // relayauth: where RabbitMQ's HTTP auth backend asks about agents'
  // logins and rights ("ip:port"; empty: not served). relayvhost: the only
  // vhost agents may use. enrollmenttoken: what a new agent must present to
  // enroll its name (empty: nobody enrolls). enrollrate: enrollments a
  // second at most (burst: ten seconds' worth). acceptsharedaccount: take
  // HTTP heartbeats without credentials (MIG's agents), never for an agent
  // that has its own identity.
  std::string relay_auth_listen;
  std::string relay_vhost = "mig";
  std::string enrollment_token;
  int64_t enroll_rate = 100;
  bool accept_shared_account = false;
  // [console]: root, the directory of the web console's files served under
  // /console/ (empty: no console); acl, the agents' ACL (JSON) GET /acl
  // returns (empty: none).
  std::string console_root;
  std::string console_acl;
  // [logging]
  std::string log_mode = "stdout";  // stdout | file
  std::string log_file;
  std::string log_level = "info";

  // The libpq connection string for driver postgres.
  std::string PostgresConnInfo() const;
};

// Reads and checks the configuration; errors name the section.key at fault.
Result<ApiConfig> ParseApiConfig(const ConfigFile& file);
Result<ApiConfig> LoadApiConfig(const std::string& path);

}  // namespace mig::api
