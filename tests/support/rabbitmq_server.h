// A private RabbitMQ node for integration tests and benchmarks: its own node
// name, loopback ports, Erlang cookie, epmd, data and log directories, so it
// never touches a system broker or another test's node.
//
// Layout: everything lives in a temp directory owned by the `rabbitmq` user
// (when run as root, Debian's scripts and we switch to that user). HOME points
// at that directory, so the node and every rabbitmqctl call share the cookie
// that Erlang writes there on first start.
//
// The node has the vhost "mig", MIG's accounts with the permissions of
// protocol.md 7.5 (scheduler, agent; the scheduler may also write to the
// default exchange), an all-powerful admin and the swarm's impersonator. With tls on it
// also listens for AMQPS with a test CA and requires client certificates
// (fail_if_no_peer_cert), like MIG's production setup.
#pragma once

#include <cstdint>

#include <memory>
#include <string>

#include "core/status.h"
#include "test_env.h"

namespace mig::test {

struct RabbitMqOptions {
  bool tls = false;
  // 2: a policy makes the agents' queues (mig.agt.*) classic queues of
  // version 2, RabbitMQ's newer queue index and store (3.10 and later).
  // 0: the broker's default.
  int agent_queue_version = 0;
  // "http://127.0.0.1:PORT": agents log in with their own identities, which
  // the node asks mig-api about there ([agents] relayauth); the node's own
  // accounts (scheduler, agent, admin, swarm) still work. Empty: only those.
  std::string agent_auth_url;
};

class RabbitMqServer {
 public:
  static constexpr const char* kVhost = "mig";
  static constexpr const char* kSchedulerUser = "scheduler";
  static constexpr const char* kSchedulerPassword = "scheduler-secret";
  static constexpr const char* kAgentUser = "agent";
  static constexpr const char* kAgentPassword = "agent-secret";
  static constexpr const char* kAdminUser = "admin";
  static constexpr const char* kAdminPassword = "admin-secret";
  // May set any user-id (RabbitMQ's "impersonator" tag): the swarm.
  static constexpr const char* kSwarmUser = "swarm";
  static constexpr const char* kSwarmPassword = "swarm-secret";

  // True when rabbitmq-server is installed (tests skip otherwise).
  static bool Installed();
  // The most open files a node started from this process can get: raises
  // this process's hard limit to the 65,536 Debian's unit file gives a node
  // when allowed (root with CAP_SYS_RESOURCE), then returns the hard limit
  // the node inherits; -1 if unknown.
  static int64_t NodeDescriptorCeiling();
  // Creates the directory, starts the node, waits until it runs, creates the
  // vhost and the accounts. Takes a few seconds.
  static Result<std::unique_ptr<RabbitMqServer>> Start(const RabbitMqOptions& options = {});
  ~RabbitMqServer();  // Stop()
  RabbitMqServer(const RabbitMqServer&) = delete;
  RabbitMqServer& operator=(const RabbitMqServer&) = delete;

  // Shuts the node down and kills the epmd it started. Data stays.
  Status Stop();
  // Kills the node at once (no orderly shutdown of its queues): for a
  // benchmark's throwaway node with thousands of queues.
  void Kill();
  // Starts the (stopped) node again on the same ports with the same data.
  Status StartNode();
  Status Restart();
  bool running() const { return running_; }

  int port() const { return port_; }
  int tls_port() const { return tls_port_; }
  const std::string& node() const { return node_; }
  const std::string& dir() const { return dir_.path(); }

  // amqp://user:password@127.0.0.1:port/mig
  std::string Url(const std::string& user, const std::string& password) const;
  std::string SchedulerUrl() const { return Url(kSchedulerUser, kSchedulerPassword); }
  std::string AgentUrl() const { return Url(kAgentUser, kAgentPassword); }
  std::string AdminUrl() const { return Url(kAdminUser, kAdminPassword); }
  std::string SwarmUrl() const { return Url(kSwarmUser, kSwarmPassword); }
  // amqps://user:password@localhost:tls_port/mig (the certificate names localhost)
  std::string TlsUrl(const std::string& user, const std::string& password) const;
  std::string ca_file() const { return dir_.Sub("tls/ca.pem"); }
  std::string client_cert() const { return dir_.Sub("tls/client.pem"); }
  std::string client_key() const { return dir_.Sub("tls/client.key"); }
  // A certificate from another CA, which the node must refuse.
  std::string rogue_cert() const { return dir_.Sub("tls/rogue.pem"); }
  std::string rogue_key() const { return dir_.Sub("tls/rogue.key"); }

  // Runs `rabbitmqctl -n <node> <args>` (args are shell words).
  CommandOutput Ctl(const std::string& args);

 private:
  RabbitMqServer();
  Status Prepare(const RabbitMqOptions& options);
  // Runs a shell script as the node's user with the node's environment.
  CommandOutput RunAsNodeUser(const std::string& script);
  std::string LogTail();
  void KillNodeProcess();  // kill -9 by the pid the node wrote
  void StopEpmd();         // the epmd on our private port, which the node leaves behind

  TempDir dir_;
  std::string node_;
  int port_ = 0;
  int dist_port_ = 0;
  int epmd_port_ = 0;
  bool epmd_started_ = false;
  int tls_port_ = 0;
  bool running_ = false;
  int scripts_ = 0;
};

}  // namespace mig::test
