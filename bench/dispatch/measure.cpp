#include "measure.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <thread>

namespace mig::bench {
namespace {

using Clock = std::chrono::steady_clock;

double Ms(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

double Median(std::vector<double> v) {
  if (v.empty()) return -1;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double Mib(int64_t kib) {
  return kib < 0 ? -1 : static_cast<double>(kib) / 1024.0;
}

// Posts one action targeting the swarm and polls the store until it is
// completed with every result stored.
Result<ActionTiming> TimeOneAction(Platform& p, Swarm& swarm, const RunOptions& o) {
  auto prepared = p.Prepare("name LIKE 'swarm-%'", 600);
  if (!prepared) return prepared.status();
  const auto t0 = Clock::now();
  auto id = p.Post(*prepared);
  if (!id) return id.status();
  ActionTiming t;
  const auto deadline = t0 + std::chrono::seconds(o.action_timeout_s);
  while (true) {
    auto a = p.store().GetAction(*id);
    if (!a) return a.status();
    const auto now = Clock::now();
    if (a->has_value()) {
      const Action& act = **a;
      if (t.first_result_ms < 0 && act.counters.done > 0) t.first_result_ms = Ms(now - t0);
      if (act.status == "completed" || act.status == "invalid") {
        t.completion_ms = Ms(now - t0);
        t.results = act.counters.done;
        t.successes = act.counters.success;
        break;
      }
    }
    if (now > deadline) {
      return Status::Error("action " + std::to_string(*id) + " not completed after " +
                           std::to_string(o.action_timeout_s) + " s (" +
                           (a->has_value() ? std::to_string((*a)->counters.done) : "0") +
                           " results)");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const ActionSeen seen = swarm.Seen(*id);
  if (seen.commands > 0) {
    t.first_command_ms = Ms(seen.first_command - t0);
    t.last_command_ms = Ms(seen.last_command - t0);
  }
  if (seen.results > 0) {
    t.first_answer_ms = Ms(seen.first_result - t0);
    t.last_answer_ms = Ms(seen.last_result - t0);
  }
  const double window_ms = Ms(seen.last_command - seen.first_command);
  if (seen.commands > 1 && window_ms > 0)
    t.dispatch_per_s = static_cast<double>(seen.commands) / window_ms * 1000;
  const double ingest_ms = t.completion_ms - t.first_result_ms;
  if (t.results > 1 && ingest_ms > 0)
    t.ingest_per_s = static_cast<double>(t.results) / ingest_ms * 1000;
  return t;
}

}  // namespace

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

Result<RunResult> RunDispatch(const RunOptions& o) {
  RunResult r;
  r.store = o.platform.store;
  r.agents = o.agents;
  r.load_before = LoadAverage();
  auto log = [&](const std::string& line) {
    if (!o.quiet) std::cerr << "[" << r.store << " " << o.agents << "] " << line << std::endl;
  };
  log("starting RabbitMQ, the store, mig-api and mig-scheduler");
  auto platform = Platform::Start(o.platform);
  if (!platform) return platform.status();
  Platform& p = **platform;
  // Past its descriptor limit the node stalls or crashes queues (emfile)
  // instead of being slow: a figure taken there would measure the limit.
  const int64_t fds = ProcessDescriptorLimit(p.rabbitmq_pid());
  if (fds > 0 && fds < DescriptorsNeeded(o.agents)) {
    return Status::Error(
        "the RabbitMQ node may open only " + std::to_string(fds) + " files and " +
        std::to_string(o.agents) + " agent queues need about " +
        std::to_string(DescriptorsNeeded(o.agents)) +
        ": raise the hard limit (ulimit -Hn, needs CAP_SYS_RESOURCE) or run fewer agents");
  }

  SwarmOptions so;
  so.relay = p.SwarmRelay();
  so.relay.heartbeat = std::chrono::seconds(2 * o.platform.heartbeat_s);
  so.agents = o.agents;
  so.connections = o.connections;
  so.heartbeat_interval = std::chrono::seconds(o.platform.heartbeat_s);
  so.verify = o.verify;
  so.investigator_key = p.investigator_public_key();
  auto delay = Delay::Parse(o.delay);
  if (!delay) return delay.status();
  so.answer_delay = *delay;
  log("starting the swarm");
  const auto setup0 = Clock::now();
  auto swarm = Swarm::Start(so);
  if (!swarm) return swarm.status();
  for (int i = 0;; ++i) {
    auto online = p.OnlineAgents("swarm-%");
    if (!online) return online.status();
    if (*online >= o.agents) break;
    if (!(*swarm)->error().empty()) return Status::Error((*swarm)->error());
    if (i > 600) {
      return Status::Error("only " + std::to_string(*online) + " of " + std::to_string(o.agents) +
                           " agents online after 5 minutes\n" + p.Logs());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  r.setup_s = Ms(Clock::now() - setup0) / 1000;
  log("all agents online after " + std::to_string(r.setup_s) + " s");

  std::vector<double> completion, first, dispatch, ingest;
  for (int k = 0; k < o.actions; ++k) {
    auto t = TimeOneAction(p, **swarm, o);
    if (!t) return Status::Error(t.error() + "\n" + p.Logs());
    log("action " + std::to_string(k + 1) + ": " + std::to_string(t->results) + " results, " +
        std::to_string(static_cast<int64_t>(t->completion_ms)) + " ms to completion, " +
        std::to_string(static_cast<int64_t>(t->first_result_ms)) +
        " ms to first result; commands reached the swarm from " +
        std::to_string(static_cast<int64_t>(t->first_command_ms)) + " to " +
        std::to_string(static_cast<int64_t>(t->last_command_ms)) + " ms, answers published from " +
        std::to_string(static_cast<int64_t>(t->first_answer_ms)) + " to " +
        std::to_string(static_cast<int64_t>(t->last_answer_ms)) + " ms");
    r.actions.push_back(*t);
    completion.push_back(t->completion_ms);
    first.push_back(t->first_result_ms);
    dispatch.push_back(t->dispatch_per_s);
    ingest.push_back(t->ingest_per_s);
  }
  r.median.completion_ms = Median(completion);
  r.median.first_result_ms = Median(first);
  r.median.dispatch_per_s = Median(dispatch);
  r.median.ingest_per_s = Median(ingest);
  r.median.results = r.actions.empty() ? 0 : r.actions.front().results;
  for (const auto& a : r.actions)
    r.median.results = std::min(r.median.results, a.results);

  if (o.heartbeat_window_s > 0) {
    log("measuring the scheduler's CPU for heartbeats alone over " +
        std::to_string(o.heartbeat_window_s) + " s");
    const double cpu0 = ProcessCpuSeconds(p.scheduler_pid());
    const auto w0 = Clock::now();
    std::this_thread::sleep_for(std::chrono::seconds(o.heartbeat_window_s));
    const double cpu1 = ProcessCpuSeconds(p.scheduler_pid());
    r.heartbeat_cpu_pct = (cpu1 - cpu0) / (Ms(Clock::now() - w0) / 1000) * 100;
  }

  if (o.duration_s > 0) {
    log("soak: " + std::to_string(o.duration_s) + " s, one action every " +
        std::to_string(o.soak_interval_s) + " s");
    const auto s0 = Clock::now();
    const auto period = std::chrono::seconds(o.soak_interval_s);
    int n = 0;
    while (Clock::now() - s0 < std::chrono::seconds(o.duration_s)) {
      auto t = TimeOneAction(p, **swarm, o);
      if (!t) return Status::Error(t.error() + "\n" + p.Logs());
      if (t->results != static_cast<int64_t>(o.agents)) {
        return Status::Error("soak action " + std::to_string(n + 1) + ": " +
                             std::to_string(t->results) + " results of " +
                             std::to_string(o.agents));
      }
      ++n;
      std::this_thread::sleep_until(s0 + period * n);
      const double rss = Mib(ProcessMemoryKib(p.scheduler_pid(), "VmRSS"));
      const double api = Mib(ProcessMemoryKib(p.api_pid(), "VmRSS"));
      if (n == 1) {
        r.soak_first_period_mib = rss;
        r.soak_api_first_mib = api;
      }
      r.soak_end_mib = rss;
      r.soak_api_end_mib = api;
      r.soak_actions = n;
      log("soak period " + std::to_string(n) + " (" + std::to_string(t->completion_ms / 1000) +
          " s for the action): RSS scheduler " + std::to_string(rss) + " MiB, API " +
          std::to_string(api) + " MiB");
    }
  }

  r.scheduler_peak_mib = Mib(ProcessMemoryKib(p.scheduler_pid(), "VmHWM"));
  r.api_peak_mib = Mib(ProcessMemoryKib(p.api_pid(), "VmHWM"));
  r.rabbitmq_mib = Mib(ProcessMemoryKib(p.rabbitmq_pid(), "VmRSS"));
  if (!(*swarm)->error().empty()) return Status::Error("swarm: " + (*swarm)->error());
  (*swarm)->Stop();
  r.load_after = LoadAverage();
  return r;
}

}  // namespace mig::bench
