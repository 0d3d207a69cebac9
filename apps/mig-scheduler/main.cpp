// mig-scheduler: turns pending actions into commands on the relay, stores
// what agents send back, and keeps agent status up to date.
#include <signal.h>

#include <atomic>
#include <iostream>
#include <string>
#include <vector>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "scheduler/scheduler.h"

namespace {

std::atomic<bool> g_stop{false};
void OnSignal(int) {
  g_stop = true;
}

void PrintUsage(std::ostream& out) {
  out << "usage: mig-scheduler [-c CONFIG] [-d] [-V]\n\n"
         "Claims pending actions whose validity window has started, resolves their\n"
         "targets, creates one command per agent and publishes them on the relay;\n"
         "stores results and heartbeats as they arrive; expires what is late and marks\n"
         "agents idle/offline. Stop it with SIGINT or SIGTERM; a restart resumes\n"
         "half-dispatched actions without losing or duplicating a command.\n\n"
         "  -c CONFIG  configuration file (default /etc/mig/scheduler.cfg)\n"
         "  -d         debug logging\n"
         "  -V         print the version and exit\n\n"
         "Configuration (gcfg; durations like 5m, 87s; every key optional):\n"
         "  [agent]     timeout = 20m  heartbeatfreq = 5m  whitelist = /path  detectmultiagents = "
         "on\n"
         "  [collector] freq = 1s\n"
         "  [periodic]  freq = 87s\n"
         "  [store]     driver = sqlite|postgres  path = /var/lib/mig/mig.db\n"
         "              conninfo = \"host=127.0.0.1 port=5432 dbname=mig user=migscheduler\"\n"
         "  [postgres]  host, port, dbname, user, password, sslmode (MIG's keys; driver postgres)\n"
         "  [mq]        host = 127.0.0.1  port = 5672  user  pass  vhost = mig\n"
         "              usetls = on  cacert  tlscert  tlskey  timeout = 600s\n"
         "              maxresultsize = 16777216  batchbytes = 33554432  (bytes)\n"
         "  [logging]   level = info|debug|warning|err  file = /var/log/mig-scheduler.log\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string config_path = "/etc/mig/scheduler.cfg";
  bool debug = false;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-h" || args[i] == "--help") {
      PrintUsage(std::cout);
      return 0;
    } else if (args[i] == "-V") {
      std::cout << MIG_VERSION << "\n";
      return 0;
    } else if (args[i] == "-d") {
      debug = true;
    } else if (args[i] == "-c" && i + 1 < args.size()) {
      config_path = args[++i];
    } else {
      std::cerr << "mig-scheduler: unknown or incomplete argument '" << args[i]
                << "'\nrun mig-scheduler -h for help\n";
      return 2;
    }
  }
  auto config = mig::scheduler::LoadSchedulerConfig(config_path);
  if (!config) {
    std::cerr << "mig-scheduler: " << config.error() << "\n";
    return 2;
  }
  std::shared_ptr<spdlog::logger> logger;
  if (!config->log_file.empty()) {
    try {
      logger = spdlog::basic_logger_mt("mig-scheduler", config->log_file);
    } catch (const spdlog::spdlog_ex& e) {
      std::cerr << "mig-scheduler: cannot log to " << config->log_file << ": " << e.what() << "\n";
    }
  }
  if (!logger) logger = spdlog::stderr_color_mt("mig-scheduler");
  spdlog::set_default_logger(logger);
  spdlog::set_level(debug ? spdlog::level::debug : spdlog::level::from_str(config->log_level));
  spdlog::flush_on(spdlog::level::info);
  signal(SIGINT, OnSignal);
  signal(SIGTERM, OnSignal);
  signal(SIGPIPE, SIG_IGN);
  return mig::scheduler::RunScheduler(*config, g_stop);
}
