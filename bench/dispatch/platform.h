// A whole private MIG platform for the dispatch benchmark and its CI variant:
// a private RabbitMQ, a store (SQLite file or a private PostgreSQL), an
// investigator key, and the real mig-api and mig-scheduler processes. Actions
// are posted through the API exactly as an investigator's client would.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>

#include "core/documents.h"
#include "core/status.h"
#include "relay/amqp_connection.h"
#include "store/store.h"

namespace mig::bench {

struct PlatformOptions {
  std::string store = "sqlite";     // sqlite | postgres
  int collector_ms = 100;           // scheduler [collector] freq
  bool persistent_commands = true;  // scheduler [mq] persistentcommands
  int heartbeat_s = 60;             // scheduler [agent] heartbeatfreq (= the swarm's)
  int agent_queue_version = 0;      // RabbitMQ classic queue version of mig.agt.* (0: default)
  std::string log_level = "info";
};

class Platform {
 public:
  // Starts everything; takes ~10 s (RabbitMQ, PostgreSQL, an RSA key).
  static Result<std::unique_ptr<Platform>> Start(const PlatformOptions& options);
  ~Platform();

  // Connection options of the swarm's impersonating account.
  relay::ConnectOptions SwarmRelay() const;
  const std::string& investigator_public_key() const;

  // A signed action (one file search) for `target`, posted to
  // POST /action/create/ with a fresh X-PGPAUTHORIZATION token. Signing is
  // done by Prepare (not timed); Post sends it and returns the action id.
  struct Prepared {
    std::string form_body;
    std::string token;
  };
  Result<Prepared> Prepare(const std::string& target, int lifetime_s);
  Result<Id> Post(const Prepared& prepared);

  // The platform's database, for polling progress (read-only use).
  store::Store& store();
  Result<size_t> OnlineAgents(const std::string& name_like);

  pid_t scheduler_pid() const;
  pid_t api_pid() const;
  pid_t rabbitmq_pid() const;
  bool processes_running();
  std::string Logs();

 private:
  Platform();
  Status Boot(const PlatformOptions& options);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// From /proc/<pid>/status: "VmHWM" (peak RSS) or "VmRSS", in KiB; -1 if unknown.
int64_t ProcessMemoryKib(pid_t pid, const std::string& field);
// utime + stime of a process, in seconds; -1 if unknown.
double ProcessCpuSeconds(pid_t pid);
// The soft "Max open files" of a process (/proc/<pid>/limits); -1 if unknown.
int64_t ProcessDescriptorLimit(pid_t pid);
// Descriptors a RabbitMQ node needs for N agents: one queue each plus room
// for connections, the message store and Erlang itself.
inline int64_t DescriptorsNeeded(size_t agents) {
  return static_cast<int64_t>(agents) + 4096;
}

}  // namespace mig::bench
