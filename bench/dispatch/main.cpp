// bench_dispatch: the end-to-end dispatch benchmark (issue 7). For each store
// and size: a private RabbitMQ, the real mig-api and mig-scheduler, a swarm of
// N simulated agents; times actions targeting every agent, the heartbeat cost
// and the memory of the servers. Prints a table and, for a full run, writes it
// to docs/performance.md.
//   bench_dispatch                                  full run (both stores, all sizes)
//   bench_dispatch --agents 10000 --store postgres  one size, ends with "dispatch: ..."

#include <CLI/CLI.hpp>

#include <sys/utsname.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "measure.h"
#include "rabbitmq_server.h"
#include "test_env.h"

namespace {

using mig::bench::ActionTiming;
using mig::bench::RunResult;

std::string Fixed(double v, int digits = 0) {
  if (v < 0) return "n/a";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string Machine() {
  std::ifstream cpu("/proc/cpuinfo");
  std::string line, model;
  while (std::getline(cpu, line)) {
    if (line.rfind("model name", 0) == 0) {
      model = line.substr(line.find(':') + 2);
      break;
    }
  }
  std::ifstream mem("/proc/meminfo");
  std::string memtotal;
  std::getline(mem, memtotal);
  utsname u{};
  uname(&u);
  return model + ", " + std::to_string(std::thread::hardware_concurrency()) + " cores, " +
         memtotal.substr(memtotal.find(':') + 1) + " RAM (" + "MemTotal), Linux " + u.release;
}

int64_t MemAvailableMib() {
  std::ifstream mem("/proc/meminfo");
  std::string key;
  int64_t kib = 0;
  std::string unit;
  while (mem >> key >> kib >> unit) {
    if (key == "MemAvailable:") return kib / 1024;
  }
  return 0;
}

std::string Table(const std::vector<RunResult>& runs) {
  std::ostringstream t;
  t << "| store | agents | completion ms (median) | first result ms | dispatch cmd/s | "
       "ingest results/s | results | heartbeats: scheduler CPU % of a core | scheduler peak "
       "RSS MiB | API peak RSS MiB | RabbitMQ RSS MiB | setup s | load before / after |\n"
    << "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& r : runs) {
    t << "| " << r.store << " | " << r.agents << " | " << Fixed(r.median.completion_ms) << " | "
      << Fixed(r.median.first_result_ms) << " | " << Fixed(r.median.dispatch_per_s) << " | "
      << Fixed(r.median.ingest_per_s) << " | " << r.median.results << " | "
      << Fixed(r.heartbeat_cpu_pct, 2) << " | " << Fixed(r.scheduler_peak_mib, 1) << " | "
      << Fixed(r.api_peak_mib, 1) << " | " << Fixed(r.rabbitmq_mib, 1) << " | "
      << Fixed(r.setup_s, 1) << " | " << r.load_before << " / " << r.load_after << " |\n";
  }
  return t.str();
}

std::string Detail(const std::vector<RunResult>& runs) {
  std::ostringstream t;
  for (const auto& r : runs) {
    t << "- " << r.store << ", " << r.agents << " agents, each action (completion / first result "
      << "/ first and last command at the swarm / first and last answer published by the swarm, "
         "ms after the POST): ";
    for (size_t i = 0; i < r.actions.size(); ++i) {
      const ActionTiming& a = r.actions[i];
      t << (i ? ", " : "") << Fixed(a.completion_ms) << " / " << Fixed(a.first_result_ms) << " / "
        << Fixed(a.first_command_ms) << " / " << Fixed(a.last_command_ms) << " / "
        << Fixed(a.first_answer_ms) << " / " << Fixed(a.last_answer_ms);
    }
    if (r.soak_first_period_mib >= 0) {
      t << "; soak (" << r.soak_actions << " actions): scheduler RSS "
        << Fixed(r.soak_first_period_mib, 1) << " MiB after the first period, "
        << Fixed(r.soak_end_mib, 1) << " MiB at the end; API " << Fixed(r.soak_api_first_mib, 1)
        << " / " << Fixed(r.soak_api_end_mib, 1) << " MiB";
    }
    t << "\n";
  }
  return t.str();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "bench_dispatch: time actions over N simulated agents through mig-api and "
      "mig-scheduler on a private RabbitMQ (SQLite and PostgreSQL)"};
  size_t agents = 0;
  std::string store, verify = "once", docs;
  std::vector<size_t> sizes;
  mig::bench::RunOptions o;
  app.add_option("--agents", agents, "one size only (with --store: one run)");
  app.add_option("--store", store, "sqlite or postgres (default: both)")
      ->check(CLI::IsMember({"sqlite", "postgres"}));
  app.add_option("--sizes", sizes,
                 "sizes of a full run (default 1000 10000, and 30000 when "
                 "more than 12 GiB are available)");
  app.add_option("--actions", o.actions, "actions per size (the median is reported)")
      ->check(CLI::Range(1, 1000));
  app.add_option("--connections", o.connections, "swarm connections to RabbitMQ")
      ->check(CLI::Range(1, 256));
  app.add_option("--verify", verify, "swarm signature checks: every, once (per action), none")
      ->check(CLI::IsMember({"every", "once", "none"}));
  app.add_option("--delay", o.delay, "swarm answer delay: 0, 50ms, uniform:10ms:200ms, exp:100ms");
  app.add_option("--collector-ms", o.platform.collector_ms, "scheduler [collector] freq")
      ->check(CLI::Range(10, 60000));
  app.add_flag("!--transient-commands", o.platform.persistent_commands,
               "scheduler [mq] persistentcommands = false (no per-queue fsync in RabbitMQ)");
  app.add_option("--queue-version", o.platform.agent_queue_version,
                 "RabbitMQ classic queue version for the agents' queues, set by a policy "
                 "(2: the newer index and store; default: the broker's)")
      ->check(CLI::Range(1, 2));
  app.add_option("--heartbeat-window", o.heartbeat_window_s,
                 "seconds of heartbeats-only scheduler CPU measurement (0: skip)")
      ->check(CLI::Range(0, 3600));
  app.add_option("--soak-interval", o.soak_interval_s, "seconds between soak actions")
      ->check(CLI::Range(1, 3600));
  app.add_option("--duration", o.duration_s,
                 "soak seconds after the measurements, one action a minute (--soak-interval), RSS "
                 "compared after the first minute and at the end (e.g. 3600)")
      ->check(CLI::Range(0, 86400));
  app.add_option("--docs", docs,
                 "write the table to this markdown file (full runs default to "
                 "docs/performance.md of the source tree)");
  CLI11_PARSE(app, argc, argv);
  o.verify = *mig::bench::ParseVerifyMode(verify);
  if (!mig::bench::Delay::Parse(o.delay)) {
    std::cerr << "bench_dispatch: " << mig::bench::Delay::Parse(o.delay).error() << "\n";
    return 2;
  }
  const bool single = agents > 0;
  if (single) sizes = {agents};
  if (sizes.empty()) {
    sizes = {1000, 10000};
    // 30,000 when memory allows and a RabbitMQ node started from here may
    // open enough files (a node inherits the hard limit of this process).
    const int64_t fds = mig::test::RabbitMqServer::NodeDescriptorCeiling();
    const bool enough_fds = fds >= mig::bench::DescriptorsNeeded(30000);
    if (MemAvailableMib() > 12 * 1024 && enough_fds) sizes.push_back(30000);
    if (!enough_fds) {
      std::cerr << "bench_dispatch: 30,000 agents skipped: the descriptor hard limit (" << fds
                << ") is below the " << mig::bench::DescriptorsNeeded(30000)
                << " a RabbitMQ node needs for them\n";
    }
  }
  std::vector<std::string> stores =
      store.empty() ? std::vector<std::string>{"sqlite", "postgres"} : std::vector{store};
  if (docs.empty() && !single) docs = mig::test::SourceDir() + "/docs/performance.md";

  std::vector<RunResult> runs;
  int failures = 0;
  for (const auto& st : stores) {
    for (size_t n : sizes) {
      auto run = o;
      run.platform.store = st;
      run.agents = n;
      auto r = mig::bench::RunDispatch(run);
      if (!r) {
        std::cerr << "bench_dispatch: " << st << ", " << n << " agents: " << r.error() << "\n";
        ++failures;
        continue;
      }
      runs.push_back(*r);
    }
  }
  const std::string table = Table(runs);
  std::cout << "\n" << table << "\n" << Detail(runs);
  if (!docs.empty() && !runs.empty()) {
    std::ofstream out(docs, std::ios::app);
    out << "\n### Run of " << mig::Time::Now().Unix() << " (Unix time)\n\n"
        << "Machine: " << Machine() << ". Load average (1, 5, 15 min) is given per run: the "
        << "machine is shared with other builds.\n\n"
        << "Command: `bench_dispatch";
    for (int i = 1; i < argc; ++i)
      out << " " << argv[i];
    out << "` (swarm: " << o.connections << " connections, verify " << verify << ", delay "
        << o.delay << "; scheduler collector " << o.platform.collector_ms << " ms)\n\n"
        << table << "\n"
        << Detail(runs);
    std::cout << "table appended to " << docs << "\n";
  }
  for (const auto& r : runs) {
    std::cout << "dispatch: " << r.agents << " agents, " << r.median.results << " results, "
              << Fixed(r.median.completion_ms) << " ms to completion, "
              << Fixed(r.median.first_result_ms) << " ms to first result" << std::endl;
  }
  return failures ? 1 : 0;
}
