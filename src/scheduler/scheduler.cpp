#include "scheduler/scheduler.h"

#include <functional>
#include <memory>
#include <thread>

#include <spdlog/spdlog.h>

#include "relay/backoff.h"
#include "relay/topology.h"
#include "scheduler/batch_receiver.h"
#include "scheduler/dispatcher.h"
#include "scheduler/ingest.h"
#include "scheduler/memory_trim.h"

namespace mig::scheduler {
namespace {

// Results: someone waits for them, so a batch closes after 5 ms. Heartbeats:
// nobody does, so 10,000 agents heartbeating every minute (~170/s) become a
// few transactions a second. Both close at [mq] batchbytes.
BatchOptions ResultBatches(const SchedulerConfig& config) {
  return BatchOptions{2048, std::chrono::milliseconds(5), 4096, config.batch_bytes};
}
BatchOptions HeartbeatBatches(const SchedulerConfig& config) {
  return BatchOptions{2048, std::chrono::milliseconds(250), 4096, config.batch_bytes};
}

using StoreFactory = std::function<Result<std::unique_ptr<store::Store>>()>;

void Sleep(std::chrono::milliseconds d, const std::atomic<bool>& stop) {
  const auto until = std::chrono::steady_clock::now() + d;
  while (!stop && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

Status DeclareTopology(relay::AmqpConnection& c) {
  for (auto ex : {relay::kToAgentsExchange, relay::kToSchedulersExchange}) {
    Status s = c.DeclareExchange(ex);
    if (!s.ok()) return s;
  }
  for (auto q : {relay::kHeartbeatsQueue, relay::kResultsQueue}) {
    Status s = c.DeclareQueue(q);
    if (s.ok()) s = c.BindQueue(q, relay::kToSchedulersExchange, q);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

using LoopBody = std::function<Status(store::Store&, relay::AmqpConnection*)>;

// Runs body() with a fresh store connection, and a fresh relay connection
// when with_relay (a loop that never reads its relay connection would have it
// closed for missed heartbeats); when it fails (lost connection), waits with
// backoff and starts again, until stop.
void SupervisedLoop(const char* name, const SchedulerConfig& config, const StoreFactory& open_store,
                    const std::atomic<bool>& stop, bool with_relay, const LoopBody& body) {
  // Results wait in the relay for only 10 heartbeat intervals (their AMQP
  // expiration): a scheduler must be back well within that after an outage,
  // so it retries often, unlike agents, whose thousands must not stampede.
  relay::BackoffPolicy policy;
  policy.initial = std::chrono::milliseconds(200);
  policy.max = std::chrono::seconds(3);
  relay::Backoff backoff(policy);
  while (!stop) {
    auto store = open_store();
    Status s = store.status();
    if (s.ok()) {
      std::unique_ptr<relay::AmqpConnection> conn;
      if (with_relay) {
        auto opened = relay::AmqpConnection::Open(config.relay);
        s = opened.status();
        if (s.ok()) conn = std::move(*opened);
        if (s.ok()) s = DeclareTopology(*conn);
      }
      if (s.ok()) {
        if (backoff.attempts() > 0) spdlog::info("{}: connected again", name);
        backoff.Reset();
        s = body(**store, conn.get());
      }
    }
    if (stop) break;
    auto delay = backoff.Next();
    spdlog::warn("{}: {}; restarting in {} ms", name, s.message(), delay.count());
    Sleep(delay, stop);
  }
}

}  // namespace

int RunScheduler(const SchedulerConfig& config, const std::atomic<bool>& stop) {
  StoreFactory open_store = [&]() {
    return config.store_driver == "postgres" ? store::OpenPostgresStore(config.postgres_conninfo)
                                             : store::OpenSqliteStore(config.sqlite_path);
  };
  {
    auto first = open_store();  // migrates the schema once, before the loops start
    if (!first) {
      spdlog::critical("cannot open the {} store: {}", config.store_driver, first.error());
      return 1;
    }
  }
  auto whitelist = Whitelist::Load(config.whitelist_file);
  if (!whitelist) {
    spdlog::critical("{}", whitelist.error());
    return 1;
  }
  const SenderPolicy senders{config.accept_shared_account};
  if (senders.accept_shared_account) {
    spdlog::warn(
        "[agent] acceptsharedaccount is on: heartbeats and results without a relay user-id "
        "(MIG's shared account) are taken; any holder of that account can speak for those agents");
  }
  store::AgentTimers timers;
  timers.heartbeat_freq_seconds = config.heartbeat_freq.count();
  timers.agent_timeout_seconds = config.agent_timeout.count();

  std::vector<std::thread> loops;
  loops.emplace_back([&] {
    SupervisedLoop(
        "collector", config, open_store, stop, true,
        [&](store::Store& st, relay::AmqpConnection* c) {
          Status s = c->EnableConfirms();
          if (!s.ok()) return s;
          Dispatcher dispatcher(st, *c, config.persistent_commands);
          s = dispatcher.Recover(Time::Now());
          if (!s.ok()) return s;
          MemoryTrimmer trimmer(std::chrono::seconds(10));
          while (!stop) {
            auto stats = dispatcher.Tick(Time::Now());
            if (!stats) return stats.status();
            trimmer.MaybeTrim();
            Sleep(std::chrono::duration_cast<std::chrono::milliseconds>(config.collector_freq),
                  stop);
          }
          return Status::Ok();
        });
  });
  loops.emplace_back([&] {
    SupervisedLoop("results", config, open_store, stop, true,
                   [&](store::Store& st, relay::AmqpConnection* c) {
                     return ConsumeInBatches(
                         *c, relay::kResultsQueue, ResultBatches(config), stop,
                         [&](const std::vector<RelayMessage>& messages) {
                           return StoreIsolatingBadMessages(
                               messages, "result", [&](std::span<const RelayMessage> part) {
                                 return IngestResults(st, part, senders, Time::Now()).status();
                               });
                         });
                   });
  });
  loops.emplace_back([&] {
    HeartbeatRules rules{timers, &*whitelist, senders};
    SupervisedLoop("heartbeats", config, open_store, stop, true,
                   [&](store::Store& st, relay::AmqpConnection* c) {
                     return ConsumeInBatches(
                         *c, relay::kHeartbeatsQueue, HeartbeatBatches(config), stop,
                         [&](const std::vector<RelayMessage>& messages) {
                           return StoreIsolatingBadMessages(
                               messages, "heartbeat", [&](std::span<const RelayMessage> part) {
                                 return IngestHeartbeats(st, part, rules, Time::Now()).status();
                               });
                         });
                   });
  });
  loops.emplace_back([&] {
    SupervisedLoop(
        "periodic", config, open_store, stop, false, [&](store::Store& st, relay::AmqpConnection*) {
          while (!stop) {
            const Time now = Time::Now();
            auto sweep = st.MarkIdleAndOffline(now, timers);
            if (!sweep) return sweep.status();
            if (sweep->idle || sweep->offline) {
              spdlog::info("agents: {} became idle, {} offline", sweep->idle, sweep->offline);
            }
            auto stats = st.UpdateAgentsStats(now, true);
            if (!stats) return stats.status();
            if (config.detect_multi_agents) {
              auto dups = st.FindDuplicateAgents(now, timers);
              if (!dups) return dups.status();
              for (const auto& d : *dups) {
                spdlog::warn("{} agent processes share queue location {}: check that host",
                             d.agents.size(), d.queue_loc);
              }
            }
            Sleep(std::chrono::duration_cast<std::chrono::milliseconds>(config.periodic_freq),
                  stop);
          }
          return Status::Ok();
        });
  });
  spdlog::info("mig-scheduler running: store {}, relay {}", config.store_driver,
               config.relay.url.Display());
  for (auto& t : loops)
    t.join();
  spdlog::info("mig-scheduler stopped");
  return 0;
}

}  // namespace mig::scheduler
