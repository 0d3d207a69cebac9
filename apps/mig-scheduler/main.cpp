// mig-scheduler: turns pending actions into commands on the relay, stores
// what agents send back, and keeps agent status up to date.
#include <iostream>
#include <string>
#include <vector>

#include "../daemon_startup.h"
#include "scheduler/scheduler.h"

namespace {

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
  const auto flags = mig::apps::ParseDaemonFlags(argc, argv, "mig-scheduler",
                                                 "/etc/mig/scheduler.cfg", PrintUsage);
  if (flags.exit_status) return *flags.exit_status;
  auto config = mig::scheduler::LoadSchedulerConfig(flags.config_path);
  if (!config) {
    std::cerr << "mig-scheduler: " << config.error() << "\n";
    return 2;
  }
  mig::apps::SetUpDaemonLogging("mig-scheduler", config->log_file, config->log_level, flags.debug);
  return mig::scheduler::RunScheduler(*config, mig::apps::StopOnSignals());
}
