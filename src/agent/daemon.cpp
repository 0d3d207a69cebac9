#include "agent/daemon.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include <spdlog/spdlog.h>

#include "agent/action_ledger.h"
#include "agent/agent_id.h"
#include "agent/agent_relay.h"
#include "agent/authorizer.h"
#include "agent/command_runner.h"
#include "agent/environment.h"
#include "agent/journal.h"
#include "agent/module_launcher.h"
#include "agent/public_ip.h"
#include "agent/work_queue.h"
#include "core/agent_credential.h"
#include "core/documents_json.h"
#include "modules/registry.h"
#include "relay/relay_url.h"

namespace mig::agent {
namespace {

std::atomic<bool> g_stop{false};

void OnSignal(int) {
  g_stop = true;
}

// TLS material is compiled in or read from the configuration as PEM text;
// the relay client wants files, kept private in the run directory.
Result<std::string> PrivateFile(const std::string& dir, const std::string& name,
                                const std::string& content) {
  std::filesystem::create_directories(dir);
  chmod(dir.c_str(), 0700);
  const std::string path = dir + "/" + name;
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << content;
  if (!f) return Result<std::string>::Error("cannot write " + path);
  chmod(path.c_str(), 0600);
  return path;
}

// An own relay account needs a secret beside the id; MIG's shared one does not.
Result<AgentIdentity> LoadIdentity(const AgentConfig& c) {
  if (c.relay_account == "own") return LoadOrCreateAgentIdentity(c.run_dir);
  auto id = LoadOrCreateAgentId(c.run_dir);
  if (!id) return id.status();
  return AgentIdentity{*id, ""};
}

// With its own relay account the agent logs in as its queue location, with
// its secret and the URL's password as the fleet's enrollment token.
Result<relay::ConnectOptions> RelayOptions(const AgentConfig& c, const std::string& queue_loc,
                                           const std::string& secret) {
  auto url = relay::ParseRelayUrl(c.relay);
  if (!url) return url.status();
  relay::ConnectOptions o;
  o.url = *url;
  if (c.relay_account == "own") {
    o.url.user = queue_loc;
    o.url.password = FormatAgentPassword({secret, url->password});
  }
  o.heartbeat = 2 * c.heartbeat_interval;
  if (url->tls) {
    const std::string dir = c.run_dir + "/tls";
    for (auto [content, name, field] :
         {std::tuple{&c.ca_cert_pem, "ca.pem", &o.tls.ca_file},
          std::tuple{&c.client_cert_pem, "cert.pem", &o.tls.cert_file},
          std::tuple{&c.client_key_pem, "key.pem", &o.tls.key_file}}) {
      if (content->empty()) continue;
      auto path = PrivateFile(dir, name, *content);
      if (!path) return path.status();
      *field = *path;
    }
  }
  return o;
}

class Agent {
 public:
  Agent(const DaemonOptions& o, HostFacts facts, HostEnvironment::Detector detect,
        std::string queue_loc, Journal journal, std::unique_ptr<ActionLedger> ledger,
        std::unique_ptr<ActionAuthorizer> authorizer, relay::ConnectOptions relay_options)
      : options_(o),
        env_(std::move(facts), Time::Now(), std::move(detect)),
        queue_loc_(std::move(queue_loc)),
        journal_(std::move(journal)),
        ledger_(std::move(ledger)),
        authorizer_(std::move(authorizer)),
        launcher_(o.self_exe, o.config.sandbox, o.config.max_result_bytes,
                  [&config = o.config] { return AgentEndpoints(config); }),
        runner_(*authorizer_, launcher_,
                std::chrono::duration_cast<std::chrono::milliseconds>(o.config.module_timeout),
                ledger_.get(), o.config.extra_privacy_mode),
        relay_(std::move(relay_options), queue_loc_, o.config.relay_account == "own",
               static_cast<uint16_t>(o.config.max_running_commands), o.config.heartbeat_interval,
               g_stop) {
    start_time_ = Time::Now();
  }

  int Run() {
    if (!relay_.ConnectConsumer().ok()) return 0;  // stopped before connecting
    SendHeartbeat();
    ReportUnfinished();
    std::thread heartbeats([this] { HeartbeatLoop(); });
    std::thread refresher([this] { RefreshLoop(); });
    std::vector<std::thread> workers;
    for (int i = 0; i < options_.config.max_running_commands; ++i) {
      workers.emplace_back([this] { WorkerLoop(); });
    }
    ConsumeLoop();
    queue_.Close();
    for (auto& w : workers)
      w.join();
    g_stop = true;
    heartbeats.join();
    refresher.join();
    spdlog::info("agent stopped");
    return 0;
  }

 private:
  mig::Agent HeartbeatDocument() {
    const HostEnvironment::Snapshot env = env_.Current();
    mig::Agent a;
    a.name = env.facts.hostname;
    a.queue_loc = queue_loc_;
    a.mode = options_.checkin ? "checkin" : "daemon";
    a.version = MIG_VERSION;
    a.pid = getpid();
    a.start_time = start_time_;
    a.heartbeat_time = Time::Now();
    a.refresh_time = env.refresh_time;
    a.environment = env.facts.environment;
    a.tags = options_.config.tags;
    return a;
  }

  void SendHeartbeat() {
    Status s = relay_.PublishHeartbeat(WriteAgent(HeartbeatDocument()));
    if (!s.ok()) spdlog::warn("heartbeat not sent: {}", s.message());
    std::ofstream(options_.config.run_dir + "/mig-agent.ok") << FormatTime(Time::Now()) << "\n";
  }

  void HeartbeatLoop() {
    auto next = std::chrono::steady_clock::now() + options_.config.heartbeat_interval;
    while (!g_stop) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      if (std::chrono::steady_clock::now() < next) continue;
      next += options_.config.heartbeat_interval;
      SendHeartbeat();
    }
  }

  // [agent] refreshenv: detect the environment again every period; a change
  // goes out with the next heartbeat. Apart from the heartbeats, which a slow
  // detection (the public IP's request) must not delay.
  void RefreshLoop() {
    const auto period = options_.config.refresh_env;
    if (period.count() == 0) return;
    auto next = std::chrono::steady_clock::now() + period;
    while (!g_stop) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      if (std::chrono::steady_clock::now() < next) continue;
      if (env_.Refresh()) {
        const HostEnvironment::Snapshot env = env_.Current();
        spdlog::info(
            "environment changed (host {}, {}, public IP {}); the next heartbeat "
            "carries it",
            env.facts.hostname, env.facts.environment.ident,
            env.facts.environment.public_ip.empty() ? "unknown" : env.facts.environment.public_ip);
      }
      next = std::chrono::steady_clock::now() + period;
    }
  }

  // Commands received before a crash or restart and never answered: they
  // are reported as failed rather than silently lost or run twice.
  void ReportUnfinished() {
    for (auto& entry : journal_.Unfinished()) {
      auto cmd = ParseCommand(entry.body);
      if (!cmd.ok()) {
        spdlog::error("dropping unreadable journal entry {}: {}", entry.command_id, cmd.error());
        (void)journal_.Finish(entry.command_id);
        continue;
      }
      spdlog::warn("command {} was interrupted by an agent restart; reporting it as failed",
                   entry.command_id);
      CommandRunner::Fail(*cmd,
                          "the agent stopped (crash or restart) while running this "
                          "command; it was not completed and will not be run again");
      Answer(*cmd);
    }
  }

  void ConsumeLoop() {
    auto last_message = std::chrono::steady_clock::now();
    while (!g_stop) {
      auto batch = relay_.Receive(16, std::chrono::milliseconds(250));
      if (!batch.ok()) {
        spdlog::warn("lost the relay ({}); reconnecting", batch.error());
        if (!relay_.ConnectConsumer().ok()) return;
        continue;
      }
      for (auto& d : *batch) {
        last_message = std::chrono::steady_clock::now();
        Accept(d);
      }
      // Check-in mode: leave once the queue has been quiet for 3 s and every
      // command has been answered (components.md 3.4).
      if (options_.checkin && batch->empty() && queue_.Idle() &&
          std::chrono::steady_clock::now() - last_message > std::chrono::seconds(3)) {
        return;
      }
    }
  }

  // Journal first, then ack: once acknowledged, the command survives a crash.
  void Accept(const relay::Delivery& d) {
    auto cmd = ParseCommand(d.body);
    if (!cmd.ok()) {
      spdlog::error("dropping a message that is not a valid command: {}", cmd.error());
      (void)relay_.Ack(d.delivery_tag);
      return;
    }
    if (cmd->id <= 0 || journal_.Seen(cmd->id)) {
      spdlog::warn("ignoring command {}: {}", cmd->id,
                   cmd->id <= 0 ? "it has no id" : "already received (redelivery)");
      (void)relay_.Ack(d.delivery_tag);
      return;
    }
    Status s = journal_.Begin(cmd->id, d.body);
    if (!s.ok()) {
      // Without the journal a crash would lose it: leave it on the relay.
      spdlog::error("cannot journal command {}: {}; leaving it queued", cmd->id, s.message());
      return;
    }
    (void)relay_.Ack(d.delivery_tag);
    spdlog::info("command {} received (action {} \"{}\")", cmd->id, cmd->action.id,
                 cmd->action.name);
    queue_.Push(std::move(cmd.value()));
  }

  void WorkerLoop() {
    while (auto cmd = queue_.Pop()) {
      runner_.Run(*cmd);
      Answer(*cmd);
      queue_.Done();
    }
  }

  void Answer(Command& cmd) {
    cmd.agent.queue_loc = queue_loc_;
    int replaced = 0;
    const std::string body =
        CommandRunner::EncodeWithin(cmd, options_.config.max_result_bytes, &replaced);
    if (replaced > 0) {
      spdlog::warn(
          "command {}: {} result(s) larger than [agent] maxresultsize ({} bytes) replaced "
          "by an error",
          cmd.id, replaced, options_.config.max_result_bytes);
    }
    Status s = relay_.PublishResult(body);
    if (!s.ok()) {
      spdlog::error("result of command {} not published: {}", cmd.id, s.message());
      return;  // stays in the journal, reported at the next start
    }
    (void)journal_.Finish(cmd.id);
    spdlog::info("command {} answered: {}", cmd.id, cmd.status);
  }

  const DaemonOptions& options_;
  HostEnvironment env_;
  std::string queue_loc_;
  Journal journal_;
  std::unique_ptr<ActionLedger> ledger_;
  std::unique_ptr<ActionAuthorizer> authorizer_;
  ChildModuleLauncher launcher_;
  CommandRunner runner_;
  AgentRelay relay_;
  WorkQueue<Command> queue_;
  Time start_time_;
};

}  // namespace

int RunDaemon(const DaemonOptions& options) {
  const AgentConfig& c = options.config;
  signal(SIGINT, OnSignal);
  signal(SIGTERM, OnSignal);
  signal(SIGPIPE, SIG_IGN);
  const bool own_account = c.relay_account == "own";
  auto identity = LoadIdentity(c);
  if (!identity) {
    spdlog::critical("{}", identity.error());
    return 1;
  }
  const std::string& id = identity->id;
  auto journal = Journal::Open(c.run_dir + "/journal");
  if (!journal) {
    spdlog::critical("{}", journal.error());
    return 1;
  }
  journal->Prune(std::chrono::hours(72));
  // Without the ledger a replayed action would run again: no ledger, no agent.
  auto ledger = ActionLedger::Open(c.run_dir + "/journal/ran");
  if (!ledger) {
    spdlog::critical("{}", ledger.error());
    return 1;
  }
  auto authorizer = MakeAuthorizer(c);
  if (!authorizer) {
    spdlog::critical("cannot load investigators' keys or ACL: {}", authorizer.error());
    return 1;
  }
  // The host's facts, at start and at each refresh; with discoverpublicip,
  // the address the API sees (a failure is logged, the last one kept).
  HostEnvironment::Detector detect = [modules = modules::ModuleNames(),
                                      discover = c.discover_public_ip,
                                      api = c.api](const HostFacts& previous) {
    HostFacts f = DetectHost(modules);
    if (!discover) return f;
    auto ip = DiscoverPublicIp(api);
    if (ip.ok()) {
      if (ip.value() != previous.environment.public_ip)
        spdlog::info("public IP {} (GET {})", ip.value(), PublicIpUrl(api));
      f.environment.public_ip = ip.value();
    } else {
      spdlog::warn("public IP not discovered: {}", ip.error());
      f.environment.public_ip = previous.environment.public_ip;
    }
    return f;
  };
  HostFacts facts = detect(HostFacts{});
  const std::string queue_loc = facts.environment.os + "." + id;
  auto relay_options = RelayOptions(c, queue_loc, identity->secret);
  if (!relay_options) {
    spdlog::critical("{}", relay_options.error());
    return 1;
  }
  spdlog::info("mig-agent {} on {} ({}), queue location {}.{}..., relay account: {}", MIG_VERSION,
               facts.hostname, facts.environment.ident, facts.environment.os, id.substr(0, 8),
               own_account ? "its own" : "shared (MIG's model)");
  spdlog::info("{}", DescribeSandbox(c.sandbox));
  for (const auto& limitation : SandboxLimitations(c.sandbox)) {
    if (c.sandbox.enabled)
      spdlog::warn("sandbox: {}", limitation);
    else
      spdlog::critical("{}", limitation);
  }
  if (c.extra_privacy_mode)
    spdlog::info("extra privacy mode: every result goes through its module's privacy hook");
  if (c.refresh_env.count() > 0)
    spdlog::info("the environment is detected again every {}s", c.refresh_env.count());
  else
    spdlog::info("periodic environment refresh is disabled (refreshenv = 0s)");
  for (const auto& note : StartupNotes(c))
    spdlog::info("{}", note);
  Agent agent(options, std::move(facts), std::move(detect), queue_loc, std::move(journal.value()),
              std::move(ledger.value()), std::move(authorizer.value()),
              std::move(relay_options.value()));
  return agent.Run();
}

}  // namespace mig::agent
