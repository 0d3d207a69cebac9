#include "api/config.h"

#include <charconv>

#include "core/json_fields.h"  // MIG_RETURN_IF_ERROR

namespace mig::api {
namespace {

const std::vector<std::string> kAllowedKeys = {
    "authentication.enabled",
    "authentication.tokenduration",
    "authentication.failurerate",
    "authentication.tokenuses",
    "manifest.requiredsignatures",
    "server.ip",
    "server.port",
    "server.host",
    "server.baseroute",
    "server.clientpublicip",
    "server.tlscert",
    "server.tlskey",
    "server.threads",
    "server.maxbodybytes",
    "server.connsperaddress",
    "store.driver",
    "store.path",
    "store.conninfo",
    "postgres.host",
    "postgres.port",
    "postgres.dbname",
    "postgres.user",
    "postgres.password",
    "postgres.sslmode",
    "postgres.maxconn",
    "agents.relayauth",
    "agents.relayvhost",
    "agents.enrollmenttoken",
    "agents.enrollrate",
    "agents.acceptsharedaccount",
    "console.root",
    "console.acl",
    "logging.mode",
    "logging.file",
    "logging.level",
    "logging.maxfilesize",
    "logging.host",
    "logging.port",
    "logging.protocol",
    "logging.facility",
};

Status ReadInt(const ConfigFile& f, const char* section, const char* key, int64_t min, int64_t max,
               int64_t& out) {
  if (!f.Has(section, key)) return Status::Ok();
  const std::string v = f.Get(section, key);
  int64_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || end != v.data() + v.size() || n < min || n > max) {
    return Status::Error(std::string(section) + "." + key + ": '" + v +
                         "' is not a whole number between " + std::to_string(min) + " and " +
                         std::to_string(max));
  }
  out = n;
  return Status::Ok();
}

void ReadString(const ConfigFile& f, const char* section, const char* key, std::string& out) {
  if (f.Has(section, key)) out = f.Get(section, key);
}

Status CheckClientPublicIp(const std::string& v) {
  if (v == "peer") return Status::Ok();
  const std::string prefix = "x-forwarded-for:";
  // N counts proxies; three digits are plenty and keep it far from overflow.
  const size_t digits = v.size() - prefix.size();
  if (v.rfind(prefix, 0) == 0 && digits >= 1 && digits <= 3 &&
      v.find_first_not_of("0123456789", prefix.size()) == std::string::npos)
    return Status::Ok();
  return Status::Error("server.clientpublicip: '" + v +
                       "' must be 'peer' or 'x-forwarded-for:N' with N from 0 to 999");
}

// "ip:port" of a listener; a port of 0 picks a free one.
Status CheckListen(const std::string& v) {
  const size_t colon = v.rfind(':');
  int port = -1;
  if (colon != std::string::npos && colon > 0) {
    auto [end, ec] = std::from_chars(v.data() + colon + 1, v.data() + v.size(), port);
    if (ec != std::errc() || end != v.data() + v.size()) port = -1;
  }
  if (port < 0 || port > 65535)
    return Status::Error("agents.relayauth: '" + v + "' must be ip:port, e.g. 127.0.0.1:8393");
  return Status::Ok();
}

}  // namespace

std::string ApiConfig::PostgresConnInfo() const {
  if (!store_conninfo.empty()) return store_conninfo;
  std::string s = "host=" + pg_host + " port=" + std::to_string(pg_port) + " dbname=" + pg_dbname +
                  " user=" + pg_user + " sslmode=" + pg_sslmode;
  if (!pg_password.empty()) s += " password=" + pg_password;
  return s;
}

Result<ApiConfig> ParseApiConfig(const ConfigFile& f) {
  const auto unknown = f.UnknownKeys(kAllowedKeys);
  if (!unknown.empty()) {
    std::string list;
    for (const auto& k : unknown)
      list += (list.empty() ? "" : ", ") + k;
    return Status::Error("unknown configuration key(s): " + list);
  }
  ApiConfig c;
  auto enabled = f.GetBool("authentication", "enabled", c.auth_enabled);
  if (!enabled.ok()) return enabled.status().Context("authentication.enabled");
  c.auth_enabled = *enabled;
  if (f.Has("authentication", "tokenduration")) {
    auto d = ParseGoDuration(f.Get("authentication", "tokenduration"));
    if (!d.ok()) return d.status().Context("authentication.tokenduration");
    if (*d <= 0) return Status::Error("authentication.tokenduration: must be positive");
    c.token_duration_seconds = *d / 1000000000;
    if (c.token_duration_seconds == 0) c.token_duration_seconds = 1;
  }
  MIG_RETURN_IF_ERROR(ReadInt(f, "authentication", "failurerate", 0, 100000, c.auth_failure_rate));
  MIG_RETURN_IF_ERROR(ReadInt(f, "authentication", "tokenuses", 1, 100, c.token_uses));
  MIG_RETURN_IF_ERROR(ReadInt(f, "manifest", "requiredsignatures", 1, 1000, c.required_signatures));

  ReadString(f, "server", "ip", c.listen_ip);
  int64_t port = c.port;
  MIG_RETURN_IF_ERROR(ReadInt(f, "server", "port", 0, 65535, port));
  c.port = static_cast<int>(port);
  ReadString(f, "server", "host", c.host);
  while (!c.host.empty() && c.host.back() == '/')
    c.host.pop_back();
  ReadString(f, "server", "baseroute", c.base_route);
  if (c.base_route.empty() || c.base_route[0] != '/')
    return Status::Error("server.baseroute: '" + c.base_route + "' must start with '/'");
  while (c.base_route.size() > 1 && c.base_route.back() == '/')
    c.base_route.pop_back();
  if (c.base_route == "/") c.base_route.clear();
  ReadString(f, "server", "clientpublicip", c.client_public_ip);
  MIG_RETURN_IF_ERROR(CheckClientPublicIp(c.client_public_ip));
  ReadString(f, "server", "tlscert", c.tls_cert);
  ReadString(f, "server", "tlskey", c.tls_key);
  if (c.tls_cert.empty() != c.tls_key.empty())
    return Status::Error("server.tlscert and server.tlskey must be given together");
  int64_t threads = c.threads;
  MIG_RETURN_IF_ERROR(ReadInt(f, "server", "threads", 1, 1024, threads));
  c.threads = static_cast<int>(threads);
  int64_t body = static_cast<int64_t>(c.max_body_bytes);
  MIG_RETURN_IF_ERROR(ReadInt(f, "server", "maxbodybytes", 1024, int64_t{1} << 32, body));
  c.max_body_bytes = static_cast<size_t>(body);
  int64_t conns = static_cast<int64_t>(c.max_conns_per_address);
  MIG_RETURN_IF_ERROR(ReadInt(f, "server", "connsperaddress", 1, 1000000, conns));
  c.max_conns_per_address = static_cast<size_t>(conns);

  ReadString(f, "store", "driver", c.store_driver);
  if (c.store_driver != "sqlite" && c.store_driver != "postgres")
    return Status::Error("store.driver: '" + c.store_driver + "' must be sqlite or postgres");
  ReadString(f, "store", "path", c.store_path);
  ReadString(f, "store", "conninfo", c.store_conninfo);
  if (f.HasSection("postgres") && !f.Has("store", "driver")) c.store_driver = "postgres";

  ReadString(f, "postgres", "host", c.pg_host);
  int64_t pg_port = c.pg_port;
  MIG_RETURN_IF_ERROR(ReadInt(f, "postgres", "port", 1, 65535, pg_port));
  c.pg_port = static_cast<int>(pg_port);
  ReadString(f, "postgres", "dbname", c.pg_dbname);
  ReadString(f, "postgres", "user", c.pg_user);
  ReadString(f, "postgres", "password", c.pg_password);
  ReadString(f, "postgres", "sslmode", c.pg_sslmode);
  int64_t maxconn = c.pg_maxconn;
  MIG_RETURN_IF_ERROR(ReadInt(f, "postgres", "maxconn", 1, 1000, maxconn));
  c.pg_maxconn = static_cast<int>(maxconn);

  ReadString(f, "agents", "relayauth", c.relay_auth_listen);
  if (!c.relay_auth_listen.empty()) MIG_RETURN_IF_ERROR(CheckListen(c.relay_auth_listen));
  ReadString(f, "agents", "relayvhost", c.relay_vhost);
  ReadString(f, "agents", "enrollmenttoken", c.enrollment_token);
  MIG_RETURN_IF_ERROR(ReadInt(f, "agents", "enrollrate", 1, 100000, c.enroll_rate));
  auto shared = f.GetBool("agents", "acceptsharedaccount", c.accept_shared_account);
  if (!shared.ok()) return shared.status().Context("agents.acceptsharedaccount");
  c.accept_shared_account = *shared;

  ReadString(f, "console", "root", c.console_root);
  ReadString(f, "console", "acl", c.console_acl);

  ReadString(f, "logging", "mode", c.log_mode);
  ReadString(f, "logging", "file", c.log_file);
  ReadString(f, "logging", "level", c.log_level);
  if (c.log_mode != "stdout" && c.log_mode != "file")
    return Status::Error("logging.mode: '" + c.log_mode +
                         "' is not supported (use stdout or file; syslog is not implemented)");
  if (c.log_mode == "file" && c.log_file.empty())
    return Status::Error("logging.file: required when logging.mode is file");
  return c;
}

Result<ApiConfig> LoadApiConfig(const std::string& path) {
  auto file = ConfigFile::Load(path);
  if (!file.ok()) return file.status();
  auto c = ParseApiConfig(*file);
  if (!c.ok()) return c.status().Context(path);
  return c;
}

}  // namespace mig::api
