// mig-runner: launches the actions of the jobs under <directory>/runners/ on
// their cron schedules, signed with its own investigator key, and collects
// their results (docs/runner.md).
#include <signal.h>

#include <atomic>
#include <iostream>
#include <string>
#include <vector>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "client/action_sign.h"
#include "client/api_client.h"
#include "client/migrc.h"
#include "runner/config.h"
#include "runner/gateway.h"
#include "runner/runner.h"

namespace {

std::atomic<bool> g_stop{false};
void OnSignal(int) {
  g_stop = true;
}

void PrintUsage(std::ostream& out) {
  out << "usage: mig-runner [-c CONFIG] [-d] [-V]\n\n"
         "Runs the jobs of <directory>/runners/<job>/ (entity.cfg: schedule, plugin,\n"
         "expiry, sendonly; action.json): each schedule occurrence is launched once\n"
         "through mig-api, signed with the runner's investigator key; results are\n"
         "fetched after the action expired, written to results/<YYYYMMDD>/<id>.json\n"
         "and given to the job's plugin. Stop it with SIGINT or SIGTERM.\n\n"
         "  -c CONFIG  configuration file (default /etc/mig/runner.cfg)\n"
         "  -d         debug logging\n"
         "  -V         print the version and exit\n\n"
         "Configuration (gcfg):\n"
         "  [runner]  directory = /var/lib/mig/runner  checkdirectory = 30  plugintimeout = 2m\n"
         "  [client]  clientconfpath = default|/path/migrc  passphrase = ...  delayresults = 30s\n"
         "  [logging] level = info|debug|warning|err  file = /var/log/mig/runner.log\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string config_path = "/etc/mig/runner.cfg";
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
      std::cerr << "mig-runner: unknown or incomplete argument '" << args[i]
                << "'\nrun mig-runner -h for help\n";
      return 2;
    }
  }
  auto config = mig::runner::LoadRunnerConfig(config_path);
  if (!config) {
    std::cerr << "mig-runner: " << config.error() << "\n";
    return 2;
  }
  const std::string rc_path =
      config->client_conf_path.empty() ? mig::client::DefaultMigrcPath() : config->client_conf_path;
  auto rc = mig::client::LoadMigrc(rc_path);
  if (!rc) {
    std::cerr << "mig-runner: [client] clientconfpath: " << rc.error() << "\n";
    return 2;
  }
  rc->passphrase = config->passphrase;

  std::shared_ptr<spdlog::logger> logger;
  if (!config->log_file.empty()) {
    try {
      logger = spdlog::basic_logger_mt("mig-runner", config->log_file);
    } catch (const spdlog::spdlog_ex& e) {
      std::cerr << "mig-runner: cannot log to " << config->log_file << ": " << e.what() << "\n";
    }
  }
  if (!logger) logger = spdlog::stderr_color_mt("mig-runner");
  spdlog::set_default_logger(logger);
  spdlog::set_level(debug ? spdlog::level::debug : spdlog::level::from_str(config->log_level));
  spdlog::flush_on(spdlog::level::info);

  auto options = mig::client::ApiOptionsFromMigrc(*rc);
  options.timeout_seconds = 20;  // one slow API must not hold every job for long
  auto api = mig::client::ApiClient::Create(options);
  if (!api) {
    std::cerr << "mig-runner: " << rc_path << ": " << api.error() << "\n";
    return 2;
  }
  mig::runner::ApiGateway gateway(std::move(*api));
  const mig::client::Migrc signer_rc = *rc;
  mig::runner::Runner runner(*config, gateway, [signer_rc](mig::Action& action) {
    return mig::client::SignActionWithMigrc(signer_rc, action);
  });
  signal(SIGINT, OnSignal);
  signal(SIGTERM, OnSignal);
  signal(SIGPIPE, SIG_IGN);
  runner.Run(g_stop);
  return 0;
}
