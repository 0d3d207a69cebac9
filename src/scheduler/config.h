// mig-scheduler's configuration (components.md 4.1), a gcfg file. Every
// duration has a sensible default (MIG crashed on a missing one); unknown
// keys are an error that names them.
#pragma once

#include <chrono>
#include <string>

#include "core/gcfg.h"
#include "core/status.h"
#include "relay/amqp_connection.h"

namespace mig::scheduler {

struct SchedulerConfig {
  // [agent]
  std::chrono::seconds agent_timeout{1200};
  std::chrono::seconds heartbeat_freq{300};
  std::string whitelist_file;  // empty: every agent is accepted
  bool detect_multi_agents = true;
  // Heartbeats and results without a user-id: MIG's agents on MIG's shared
  // relay account, which cannot prove who they are (scheduler/sender_check.h).
  bool accept_shared_account = false;
  // [collector] and [periodic]
  std::chrono::milliseconds collector_freq{1000};
  std::chrono::seconds periodic_freq{87};
  // [store]: "sqlite" (path) or "postgres" (conninfo, or [postgres] keys)
  std::string store_driver = "sqlite";
  std::string sqlite_path = "/var/lib/mig/mig.db";
  std::string postgres_conninfo;
  // [mq]
  relay::ConnectOptions relay;  // relay.max_body_bytes: [mq] maxresultsize
  // [mq] batchbytes: the bodies of one batch of results or heartbeats; a
  // batch closes when it reaches this, so the scheduler holds at most this
  // plus one message ([mq] maxresultsize) per queue.
  size_t batch_bytes = 32u << 20;
  // Commands as persistent messages (protocol.md 7.4). Off: RabbitMQ keeps
  // them in memory only, so no per-agent-queue fsync (10,000 per action at
  // 10,000 agents), but a broker restart drops queued commands (they expire).
  bool persistent_commands = true;
  // [logging]
  std::string log_level = "info";
  std::string log_file;
};

Result<SchedulerConfig> ParseSchedulerConfig(const ConfigFile& file);
Result<SchedulerConfig> LoadSchedulerConfig(const std::string& path);

}  // namespace mig::scheduler
