#include "scheduler/config.h"

#include <charconv>

namespace mig::scheduler {
namespace {

const std::vector<std::string> kKnownKeys = {"agent.timeout",
                                             "agent.heartbeatfreq",
                                             "agent.whitelist",
                                             "agent.detectmultiagents",
                                             "agent.acceptsharedaccount",
                                             "agent.killdupagents",
                                             "agent.logactions",
                                             "collector.freq",
                                             "periodic.freq",
                                             "periodic.deleteafter",
                                             "periodic.queuescleanupfreq",
                                             "directories.spool",
                                             "directories.tmp",
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
                                             "mq.host",
                                             "mq.port",
                                             "mq.user",
                                             "mq.pass",
                                             "mq.vhost",
                                             "mq.usetls",
                                             "mq.cacert",
                                             "mq.tlscert",
                                             "mq.tlskey",
                                             "mq.timeout",
                                             "mq.persistentcommands",
                                             "mq.maxresultsize",
                                             "mq.batchbytes",
                                             "logging.mode",
                                             "logging.level",
                                             "logging.file",
                                             "logging.maxfilesize",
                                             "logging.host",
                                             "logging.port",
                                             "logging.protocol",
                                             "logging.facility",
                                             "debug.heartbeats"};

template <typename D>
Status ReadDuration(const ConfigFile& f, const char* section, const char* key, D& out) {
  std::string v = f.Get(section, key);
  if (v.empty()) return Status::Ok();
  auto ns = ParseGoDuration(v);
  if (!ns) return Status::Error(std::string("[") + section + "] " + key + ": " + ns.error());
  if (*ns <= 0) return Status::Error(std::string("[") + section + "] " + key + " must be positive");
  out = std::chrono::duration_cast<D>(std::chrono::nanoseconds(*ns));
  return Status::Ok();
}

// A whole number of bytes within [min, max]; unchanged when absent.
template <typename N>
Status ReadBytes(const ConfigFile& f, const char* section, const char* key, uint64_t min,
                 uint64_t max, N& out) {
  if (!f.Has(section, key)) return Status::Ok();
  const std::string v = f.Get(section, key);
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || end != v.data() + v.size() || n < min || n > max) {
    return Status::Error(std::string("[") + section + "] " + key + " = \"" + v +
                         "\": not a whole number of bytes between " + std::to_string(min) +
                         " and " + std::to_string(max));
  }
  out = static_cast<N>(n);
  return Status::Ok();
}

// libpq keyword/value string from MIG's [postgres] keys; values quoted.
std::string ConninfoFromKeys(const ConfigFile& f) {
  std::string out;
  for (const char* key : {"host", "port", "dbname", "user", "password", "sslmode"}) {
    std::string v = f.Get("postgres", key);
    if (v.empty()) continue;
    std::string quoted;
    for (char c : v) {
      if (c == '\\' || c == '\'') quoted += '\\';
      quoted += c;
    }
    out += (out.empty() ? "" : " ") + std::string(key) + "='" + quoted + "'";
  }
  return out;
}

}  // namespace

Result<SchedulerConfig> ParseSchedulerConfig(const ConfigFile& f) {
  auto unknown = f.UnknownKeys(kKnownKeys);
  if (!unknown.empty()) {
    std::string list;
    for (const auto& u : unknown)
      list += (list.empty() ? "" : ", ") + u;
    return Result<SchedulerConfig>::Error("unknown configuration key(s): " + list +
                                          " (mig-scheduler -h lists the valid keys)");
  }
  SchedulerConfig c;
  for (Status s : {ReadDuration(f, "agent", "timeout", c.agent_timeout),
                   ReadDuration(f, "agent", "heartbeatfreq", c.heartbeat_freq),
                   ReadDuration(f, "collector", "freq", c.collector_freq),
                   ReadDuration(f, "periodic", "freq", c.periodic_freq)}) {
    if (!s.ok()) return s;
  }
  c.whitelist_file = f.Get("agent", "whitelist");
  auto detect = f.GetBool("agent", "detectmultiagents", c.detect_multi_agents);
  if (!detect) return detect.status();
  c.detect_multi_agents = *detect;
  auto shared = f.GetBool("agent", "acceptsharedaccount", c.accept_shared_account);
  if (!shared) return shared.status();
  c.accept_shared_account = *shared;

  c.store_driver = f.Get("store", "driver", f.HasSection("postgres") ? "postgres" : "sqlite");
  c.sqlite_path = f.Get("store", "path", c.sqlite_path);
  c.postgres_conninfo = f.Get("store", "conninfo", ConninfoFromKeys(f));
  if (c.store_driver != "sqlite" && c.store_driver != "postgres") {
    return Result<SchedulerConfig>::Error("[store] driver = \"" + c.store_driver +
                                          "\": use sqlite or postgres");
  }
  if (c.store_driver == "postgres" && c.postgres_conninfo.empty()) {
    return Result<SchedulerConfig>::Error(
        "[store] driver is postgres but neither [store] conninfo nor [postgres] host is set");
  }

  auto& url = c.relay.url;
  auto tls = f.GetBool("mq", "usetls", false);
  if (!tls) return tls.status();
  url.tls = *tls;
  auto persistent = f.GetBool("mq", "persistentcommands", c.persistent_commands);
  if (!persistent) return persistent.status();
  c.persistent_commands = *persistent;
  url.host = f.Get("mq", "host", "127.0.0.1");
  url.user = f.Get("mq", "user", "guest");
  url.password = f.Get("mq", "pass", "guest");
  url.vhost = f.Get("mq", "vhost", "mig");
  std::string port = f.Get("mq", "port", url.tls ? "5671" : "5672");
  try {
    url.port = std::stoi(port);
  } catch (...) {
    url.port = 0;
  }
  if (url.port < 1 || url.port > 65535) {
    return Result<SchedulerConfig>::Error("[mq] port = \"" + port + "\": not a port number");
  }
  c.relay.tls.ca_file = f.Get("mq", "cacert");
  c.relay.tls.cert_file = f.Get("mq", "tlscert");
  c.relay.tls.key_file = f.Get("mq", "tlskey");
  std::chrono::seconds timeout{600};
  Status s = ReadDuration(f, "mq", "timeout", timeout);
  if (!s.ok()) return s;
  c.relay.heartbeat = timeout;
  // A result (or heartbeat) larger than this is read frame by frame and
  // dropped with a log line, never held whole.
  c.relay.max_body_bytes = 16u << 20;
  s = ReadBytes(f, "mq", "maxresultsize", 1024, uint64_t{1} << 31, c.relay.max_body_bytes);
  if (!s.ok()) return s;
  s = ReadBytes(f, "mq", "batchbytes", 1024, uint64_t{1} << 32, c.batch_bytes);
  if (!s.ok()) return s;
  c.log_level = f.Get("logging", "level", c.log_level);
  c.log_file = f.Get("logging", "file");
  return c;
}

Result<SchedulerConfig> LoadSchedulerConfig(const std::string& path) {
  auto file = ConfigFile::Load(path);
  if (!file) return file.status();
  auto c = ParseSchedulerConfig(*file);
  if (!c) return c.status().Context(path);
  return c;
}

}  // namespace mig::scheduler
