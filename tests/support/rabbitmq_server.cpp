#include "rabbitmq_server.h"

#include <pwd.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

namespace mig::test {
namespace {

constexpr rlim_t kNodeDescriptors = 65536;

constexpr const char* kServerBin = "/usr/lib/rabbitmq/bin/rabbitmq-server";
constexpr const char* kCtlBin = "/usr/lib/rabbitmq/bin/rabbitmqctl";

// Debian's scripts run the node as `rabbitmq`; as root we switch to it.
bool SwitchUser() {
  return geteuid() == 0 && getpwnam("rabbitmq") != nullptr;
}

// Single-quotes a word for /bin/sh.
std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct Permissions {
  const char* configure;
  const char* write;
  const char* read;
};
// Permissions of MIG's setup (protocol.md 7.5), and the scheduler may write
// to the default exchange, through which it sends commands (relay/topology.h).
constexpr Permissions kSchedulerPerms = {
    R"(^(toagents|toschedulers|toworkers|mig\.agt\..*)$)",
    R"(^(amq\.default|toagents|toworkers|mig\.agt\.(heartbeats|results))$)",
    R"(^(toagents|toschedulers|toworkers|mig\.agt\.(heartbeats|results))$)"};
// MIG's shared agent account, kept from the scheduler's queues as
// docs/deploying.md says (for MIG's agents; ours log in as themselves).
constexpr Permissions kAgentPerms = {R"(^mig\.agt\.(?!heartbeats$|results$).*$)",
                                     R"(^(toschedulers|mig\.agt\.(?!heartbeats$|results$).*)$)",
                                     R"(^(toagents|mig\.agt\.(?!heartbeats$|results$).*)$)"};

const char* kCertScript = R"(set -e
mkdir -p tls && cd tls
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out "$1" 2>/dev/null; }
key ca.key
openssl req -x509 -new -key ca.key -days 2 -subj /CN=mig-test-ca -out ca.pem
key server.key
openssl req -new -key server.key -subj /CN=localhost -out server.csr
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' > server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
  -extfile server.ext -out server.pem 2>/dev/null
key client.key
openssl req -new -key client.key -subj /CN=mig-agent -out client.csr
openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
  -out client.pem 2>/dev/null
key rogue.key
openssl req -x509 -new -key rogue.key -days 2 -subj /CN=rogue -out rogue.pem
)";

// RabbitMQ's rabbit_password_hashing_sha256: base64(salt ++ sha256(salt ++ password)).
std::string PasswordHash(const std::string& password) {
  unsigned char salted[4 + EVP_MAX_MD_SIZE];
  RAND_bytes(salted, 4);
  std::string input(reinterpret_cast<const char*>(salted), 4);
  input += password;
  unsigned int len = 0;
  EVP_Digest(input.data(), input.size(), salted + 4, &len, EVP_sha256(), nullptr);
  unsigned char b64[2 * sizeof salted];
  int n = EVP_EncodeBlock(b64, salted, static_cast<int>(4 + len));
  return std::string(reinterpret_cast<const char*>(b64), static_cast<size_t>(n));
}

// The vhost and accounts go into a definitions file that the node loads at
// boot: much faster than one rabbitmqctl call (about a second) per account.
std::string Definitions(const RabbitMqOptions& options) {
  nlohmann::json users = nlohmann::json::array();
  nlohmann::json permissions = nlohmann::json::array();
  auto add = [&](const char* user, const char* password, const Permissions& p,
                 const char* tags = "") {
    users.push_back({{"name", user},
                     {"password_hash", PasswordHash(password)},
                     {"hashing_algorithm", "rabbit_password_hashing_sha256"},
                     {"tags", tags}});
    permissions.push_back({{"user", user},
                           {"vhost", RabbitMqServer::kVhost},
                           {"configure", p.configure},
                           {"write", p.write},
                           {"read", p.read}});
  };
  add(RabbitMqServer::kSchedulerUser, RabbitMqServer::kSchedulerPassword, kSchedulerPerms);
  add(RabbitMqServer::kAgentUser, RabbitMqServer::kAgentPassword, kAgentPerms);
  add(RabbitMqServer::kAdminUser, RabbitMqServer::kAdminPassword, {".*", ".*", ".*"});
  // RabbitMQ lets an "impersonator" set any user-id: the swarm speaks for
  // thousands of simulated agents, each with its own identity.
  add(RabbitMqServer::kSwarmUser, RabbitMqServer::kSwarmPassword, {".*", ".*", ".*"},
      "impersonator");
  nlohmann::json defs = {{"users", users},
                         {"vhosts", {{{"name", RabbitMqServer::kVhost}}}},
                         {"permissions", permissions}};
  if (options.agent_queue_version > 0) {
    defs["policies"] = {{{"vhost", RabbitMqServer::kVhost},
                         {"name", "mig-agent-queues"},
                         {"pattern", "^mig\\.agt\\."},
                         {"apply-to", "queues"},
                         {"priority", 0},
                         {"definition", {{"queue-version", options.agent_queue_version}}}}};
  }
  return defs.dump(2);
}

}  // namespace

int64_t RabbitMqServer::NodeDescriptorCeiling() {
  struct rlimit rl {};
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return -1;
  if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < kNodeDescriptors) {
    struct rlimit raised = rl;
    raised.rlim_max = kNodeDescriptors;
    // Only root with CAP_SYS_RESOURCE may; otherwise the node gets what there is.
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) rl = raised;
  }
  if (rl.rlim_max == RLIM_INFINITY) return INT64_MAX;
  return static_cast<int64_t>(rl.rlim_max);
}

bool RabbitMqServer::Installed() {
  return access(kServerBin, X_OK) == 0;
}

RabbitMqServer::RabbitMqServer() : dir_("mig-rabbitmq") {}

RabbitMqServer::~RabbitMqServer() {
  Stop();
  StopEpmd();  // also when the node never came up
}

Result<std::unique_ptr<RabbitMqServer>> RabbitMqServer::Start(const RabbitMqOptions& options) {
  if (!Installed()) return Status::Error(std::string(kServerBin) + " is not installed");
  // A node that never comes up (seen about once in a few suite runs on a
  // loaded machine: no pid file, not even a log, after two minutes) gets
  // one more try, on fresh ports and in a fresh directory; the failed one is
  // cleaned up by its destructor.
  Status first = Status::Ok();
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::unique_ptr<RabbitMqServer> server(new RabbitMqServer());
    if (Status s = server->Prepare(options); !s) return s;
    Status started = server->StartNode();
    if (started.ok()) return server;
    if (attempt == 0) first = started;
  }
  return Status::Error(first.message() + "\n(and a second attempt failed too)");
}

Status RabbitMqServer::Prepare(const RabbitMqOptions& options) {
  std::set<int> ports;
  while (ports.size() < 4)
    ports.insert(FreeLoopbackPort());
  auto it = ports.begin();
  port_ = *it++;
  dist_port_ = *it++;
  epmd_port_ = *it++;
  tls_port_ = options.tls ? *it : 0;
  node_ = "mig-test-" + std::to_string(getpid()) + "-" + std::to_string(port_) + "@localhost";

  const std::string d = dir_.path();
  WriteFile(dir_.Sub("env.sh"),
            "export HOME=" + Quote(d) + " RABBITMQ_NODENAME=" + Quote(node_) +
                " RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=" + std::to_string(port_) +
                " RABBITMQ_DIST_PORT=" + std::to_string(dist_port_) + " RABBITMQ_MNESIA_BASE=" +
                Quote(d + "/mnesia") + " RABBITMQ_LOG_BASE=" + Quote(d + "/log") +
                " RABBITMQ_PID_FILE=" + Quote(d + "/node.pid") +
                " RABBITMQ_ENABLED_PLUGINS_FILE=" + Quote(d + "/enabled_plugins") +
                " RABBITMQ_CONFIG_FILE=" + Quote(d + "/rabbitmq.conf") +
                " RABBITMQ_ADVANCED_CONFIG_FILE=" + Quote(d + "/advanced.config") +
                " RABBITMQ_CONF_ENV_FILE=" + Quote(d + "/rabbitmq-env.conf") + " ERL_EPMD_PORT=" +
                std::to_string(epmd_port_) + " ERL_EPMD_ADDRESS=127.0.0.1\ncd " + Quote(d) + "\n");
  WriteFile(dir_.Sub("enabled_plugins"),
            options.agent_auth_url.empty()
                ? "[].\n"
                : "[rabbitmq_auth_backend_http,rabbitmq_auth_backend_cache].\n");
  WriteFile(dir_.Sub("rabbitmq-env.conf"), "");
  WriteFile(dir_.Sub("definitions.json"), Definitions(options));
  // No guest account: only the accounts of the definitions exist.
  std::string conf = "load_definitions = " + dir_.Sub("definitions.json") + "\n";
  if (!options.agent_auth_url.empty()) {
    // The node's own accounts first; agents' own identities asked of the
    // platform, cached for a second (tests revoke and expect it soon).
    const std::string& u = options.agent_auth_url;
    conf +=
        "auth_backends.1 = internal\nauth_backends.2 = cache\n"
        "auth_cache.cached_backend = http\nauth_cache.cache_ttl = 1000\n"
        "auth_http.http_method = post\n"
        "auth_http.user_path = " +
        u + "/auth/user\n" + "auth_http.vhost_path = " + u + "/auth/vhost\n" +
        "auth_http.resource_path = " + u + "/auth/resource\n" + "auth_http.topic_path = " + u +
        "/auth/topic\n";
  }
  if (options.tls) {
    CommandOutput certs = RunShell("cd " + Quote(d) + " && sh -c " + Quote(kCertScript));
    if (certs.exit_code != 0) {
      return Status::Error("generating test certificates failed: " + certs.output);
    }
    conf += "listeners.ssl.default = 127.0.0.1:" + std::to_string(tls_port_) + "\n" +
            "ssl_options.cacertfile = " + ca_file() + "\n" +
            "ssl_options.certfile = " + dir_.Sub("tls/server.pem") + "\n" +
            "ssl_options.keyfile = " + dir_.Sub("tls/server.key") + "\n" +
            "ssl_options.verify = verify_peer\n" + "ssl_options.fail_if_no_peer_cert = true\n";
  }
  WriteFile(dir_.Sub("rabbitmq.conf"), conf);
  if (SwitchUser()) {
    CommandOutput own = RunShell("chown -R rabbitmq:rabbitmq " + Quote(d));
    if (own.exit_code != 0) return Status::Error("chown of " + d + " failed: " + own.output);
  }
  return Status::Ok();
}

CommandOutput RabbitMqServer::RunAsNodeUser(const std::string& script) {
  const std::string path = dir_.Sub("run-" + std::to_string(++scripts_) + ".sh");
  WriteFile(path, ". " + Quote(dir_.Sub("env.sh")) + "\n" + script + "\n");
  chmod(path.c_str(), 0644);
  std::string command = "sh " + Quote(path);
  if (SwitchUser()) command = "runuser -u rabbitmq -- " + command;
  return RunShell(command);
}

CommandOutput RabbitMqServer::Ctl(const std::string& args) {
  return RunAsNodeUser(std::string(kCtlBin) + " -n " + Quote(node_) + " " + args);
}

std::string RabbitMqServer::LogTail() {
  return RunShell("tail -n 20 " + Quote(dir_.Sub("log")) + "/*.log 2>/dev/null").output;
}

Status RabbitMqServer::StartNode() {
  if (running_) return Status::Ok();
  std::filesystem::remove(dir_.Sub("node.pid"));
  // Every agent queue keeps files open: with the 1024 descriptors a shell
  // gives by default, 10,000 queues make RabbitMQ thrash its file handle
  // cache (classic queues v1) or fail with emfile (v2). Debian's unit file
  // gives the node 65536; so do we, or as many as the hard limit allows.
  NodeDescriptorCeiling();
  // Our own epmd on the private port, started before the node so that the
  // node uses it: with -relaxed_command_check, `epmd -kill` stops it even
  // while a node is still registered (a killed node, a slow shutdown).
  CommandOutput epmd = RunAsNodeUser("epmd -daemon -relaxed_command_check");
  if (epmd.exit_code != 0) return Status::Error("epmd did not start: " + epmd.output);
  epmd_started_ = true;
  CommandOutput start =
      RunAsNodeUser("ulimit -n " + std::to_string(kNodeDescriptors) +
                    " 2>/dev/null || ulimit -n \"$(ulimit -Hn)\"\n" + kServerBin + " -detached");
  if (start.exit_code != 0) {
    return Status::Error("rabbitmq-server -detached failed: " + start.output);
  }
  running_ = true;  // from here on Stop() has something to clean up
  // `rabbitmqctl wait` fails at once on a pid file it reads half-written
  // ("garbage_in_pid_file"): wait for a whole pid first. A loaded machine
  // (the suite runs in parallel) can take a minute to boot a node.
  const std::string pid_file = dir_.Sub("node.pid");
  bool whole_pid = false;
  for (int i = 0; i < 1200 && !whole_pid; ++i) {
    std::ifstream in(pid_file);
    std::string pid;
    whole_pid = in >> pid && pid.find_first_not_of("0123456789") == std::string::npos;
    if (!whole_pid) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (!whole_pid) {
    return Status::Error("RabbitMQ node " + node_ + " wrote no pid file within 120 s\n" +
                         LogTail());
  }
  CommandOutput wait = Ctl("wait --timeout 120 " + Quote(pid_file));
  if (wait.exit_code != 0) {
    return Status::Error("RabbitMQ node " + node_ + " did not start: " + wait.output + "\n" +
                         LogTail());
  }
  return Status::Ok();
}

Status RabbitMqServer::Stop() {
  if (!running_) return Status::Ok();
  running_ = false;
  CommandOutput out = Ctl("shutdown");
  Status result = Status::Ok();
  if (out.exit_code != 0) {
    KillNodeProcess();
    result = Status::Error("rabbitmqctl shutdown failed: " + out.output);
  }
  StopEpmd();
  return result;
}

void RabbitMqServer::Kill() {
  if (!running_) return;
  running_ = false;
  KillNodeProcess();
  StopEpmd();
}

void RabbitMqServer::KillNodeProcess() {
  // Kill only our node, by the pid it wrote.
  RunShell("kill -9 $(cat " + Quote(dir_.Sub("node.pid")) + ") 2>/dev/null");
}

void RabbitMqServer::StopEpmd() {
  // The node leaves its epmd behind; stop the one on our private port, and
  // check that it is gone (`epmd -names` fails once nothing answers).
  if (!epmd_started_) return;
  const std::string env = "ERL_EPMD_PORT=" + std::to_string(epmd_port_) + " ";
  for (int i = 0; i < 50; ++i) {
    RunShell(env + "epmd -kill >/dev/null 2>&1");
    if (RunShell(env + "epmd -names >/dev/null 2>&1").exit_code != 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  epmd_started_ = false;
}

Status RabbitMqServer::Restart() {
  if (Status s = Stop(); !s) return s;
  return StartNode();
}

std::string RabbitMqServer::Url(const std::string& user, const std::string& password) const {
  return "amqp://" + user + ":" + password + "@127.0.0.1:" + std::to_string(port_) + "/" + kVhost;
}

std::string RabbitMqServer::TlsUrl(const std::string& user, const std::string& password) const {
  return "amqps://" + user + ":" + password + "@localhost:" + std::to_string(tls_port_) + "/" +
         kVhost;
}

}  // namespace mig::test
